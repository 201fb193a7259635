// The gradient table: one rule (or the not-differentiable marker) per kernel. Its type lists
// every KernelName, so a kernel added to @unroll/tensor without a rule here fails to compile.
import type { KernelName } from '@unroll/tensor';
import { notDifferentiable, type GradRule, type NotDifferentiable } from '../grad-rule';
import * as elementwise from './elementwise';
import * as layout from './layout';
import { softmaxCrossEntropyGrad } from './loss';
import { matMulGrad } from './mat-mul';
import { maxGrad, minGrad, sumGrad } from './reduce';

/** Every kernel's gradient rule, or the marker for kernels without one. @category Autograd contract */
export const gradRules: { readonly [K in KernelName]: GradRule<K> | NotDifferentiable } = {
  Neg: elementwise.negGrad,
  Abs: elementwise.absGrad,
  Sign: elementwise.signGrad,
  Exp: elementwise.expGrad,
  Log: elementwise.logGrad,
  Log1p: elementwise.log1pGrad,
  Sqrt: elementwise.sqrtGrad,
  Tanh: elementwise.tanhGrad,
  Sigmoid: elementwise.sigmoidGrad,
  Relu: elementwise.reluGrad,
  Add: elementwise.addGrad,
  Sub: elementwise.subGrad,
  Mul: elementwise.mulGrad,
  Div: elementwise.divGrad,
  Pow: elementwise.powGrad,
  Maximum: elementwise.maximumGrad,
  Minimum: elementwise.minimumGrad,
  Equal: notDifferentiable,
  NotEqual: notDifferentiable,
  Less: notDifferentiable,
  LessEqual: notDifferentiable,
  Greater: notDifferentiable,
  GreaterEqual: notDifferentiable,
  Where: elementwise.whereGrad,
  Cast: elementwise.castGrad,
  Sum: sumGrad,
  Max: maxGrad,
  Min: minGrad,
  ArgMax: notDifferentiable,
  ArgMin: notDifferentiable,
  MatMul: matMulGrad,
  Reshape: layout.reshapeGrad,
  Transpose: layout.transposeGrad,
  Slice: layout.sliceGrad,
  Flip: layout.flipGrad,
  Concat: layout.concatGrad,
  Pad: layout.padGrad,
  Expand: layout.expandGrad,
  GatherElements: layout.gatherElementsGrad,
  IndexSelect: layout.indexSelectGrad,
  IndexAdd: layout.indexAddGrad,
  ScatterAdd: layout.scatterAddGrad,
  SoftmaxCrossEntropy: softmaxCrossEntropyGrad,
  SoftmaxCrossEntropyGrad: notDifferentiable,
  AdamUpdate: notDifferentiable,
};
