// @unroll/autograd: reverse-mode automatic differentiation over @unroll/tensor, PyTorch style:
// requiresGrad, backward(), .grad, noGrad, fused Functions, Parameter and gradcheck.
export { enableGrad, isGradEnabled, noGrad, withGradEnabled } from './grad-mode';
export { installAutograd, retainGrad } from './engine';
export { zeroGrad } from './zero-grad';
export { defineFunction } from './function';
export type { Function, FunctionContext, FunctionDefinition, FunctionOutput } from './function';
export { Parameter } from './parameter';
export type { ParameterOptions } from './parameter';
export { gradcheck } from './gradcheck';
export type { GradcheckEntry, GradcheckOptions, GradcheckReport } from './gradcheck';
export { gradRules } from './grads';
export { notDifferentiable } from './grad-rule';
export type { GradContext, GradRule, NotDifferentiable } from './grad-rule';
