// Gradient rules of the elementwise kernels. Each backward is written with ops and runs with
// recording off; broadcast inputs get gradients of the broadcast shape, which the engine
// sums back. The equation symbols (x, y = output, a, b, dy) follow the kernel's definition.
import {
  add,
  cast,
  div,
  equal,
  greater,
  greaterEqual,
  less,
  log,
  mul,
  neg,
  pow,
  sign,
  sub,
  where,
  zerosLike,
} from '@unroll/tensor';
import { defineGradRule, metaOf, saved, savedOutput } from '../grad-rule';

export const negGrad = defineGradRule<'Neg'>({ save: {}, backward: (dy) => [neg(dy)] });

/** d|x|/dx = sign(x) (0 at 0, as PyTorch). */
export const absGrad = defineGradRule<'Abs'>({
  save: { inputs: [0] },
  backward: (dy, context) => [mul(dy, sign(saved(context, 0)))],
});

/** sign is piecewise constant: its gradient is zero everywhere (PyTorch's convention). */
export const signGrad = defineGradRule<'Sign'>({ save: {}, backward: (dy) => [zerosLike(dy)] });

/** d e^x/dx = e^x: reuse the output. */
export const expGrad = defineGradRule<'Exp'>({
  save: { output: true },
  backward: (dy, context) => [mul(dy, savedOutput(context))],
});

export const logGrad = defineGradRule<'Log'>({
  save: { inputs: [0] },
  backward: (dy, context) => [div(dy, saved(context, 0))],
});

export const log1pGrad = defineGradRule<'Log1p'>({
  save: { inputs: [0] },
  backward: (dy, context) => [div(dy, add(saved(context, 0), 1))],
});

/** d√x/dx = 1 / (2√x): reuse the output. */
export const sqrtGrad = defineGradRule<'Sqrt'>({
  save: { output: true },
  backward: (dy, context) => [div(dy, mul(savedOutput(context), 2))],
});

/** d tanh(x)/dx = 1 − tanh(x)²: reuse the output. */
export const tanhGrad = defineGradRule<'Tanh'>({
  save: { output: true },
  backward: (dy, context) => {
    const y = savedOutput(context);
    return [mul(dy, sub(1, mul(y, y)))];
  },
});

/** dσ(x)/dx = σ(x)(1 − σ(x)): reuse the output. */
export const sigmoidGrad = defineGradRule<'Sigmoid'>({
  save: { output: true },
  backward: (dy, context) => {
    const y = savedOutput(context);
    return [mul(dy, mul(y, sub(1, y)))];
  },
});

/** The gradient passes where x > 0 (0 at x = 0, as PyTorch). */
export const reluGrad = defineGradRule<'Relu'>({
  save: { inputs: [0] },
  backward: (dy, context) => [where(greater(saved(context, 0), 0), dy, 0)],
});

export const addGrad = defineGradRule<'Add'>({ save: {}, backward: (dy) => [dy, dy] });

export const subGrad = defineGradRule<'Sub'>({ save: {}, backward: (dy) => [dy, neg(dy)] });

export const mulGrad = defineGradRule<'Mul'>({
  save: { inputs: [0, 1] },
  backward: (dy, context) => [mul(dy, saved(context, 1)), mul(dy, saved(context, 0))],
});

/** d(a/b)/da = 1/b, d(a/b)/db = −(a/b)/b: reuse the output. */
export const divGrad = defineGradRule<'Div'>({
  save: { inputs: [1], output: true },
  backward: (dy, context) => {
    const b = saved(context, 1);
    const gradA = div(dy, b);
    return [gradA, neg(mul(gradA, savedOutput(context)))];
  },
});

/**
 * d(a^b)/da = b·a^(b−1) (0 where b = 0); d(a^b)/db = a^b·log(a) (0 where a = 0 and b ≥ 0),
 * the masks PyTorch uses so that 0^0 and 0^b have finite gradients.
 */
export const powGrad = defineGradRule<'Pow'>({
  save: { inputs: [0, 1], output: true },
  backward: (dy, context) => {
    const a = saved(context, 0);
    const b = saved(context, 1);
    const y = savedOutput(context);
    const gradA = where(equal(b, 0), 0, mul(dy, mul(b, pow(a, sub(b, 1)))));
    const gradB = where(
      mul(equal(a, 0), greaterEqual(b, 0)),
      0,
      mul(dy, mul(y, log(where(equal(a, 0), 1, a)))),
    );
    return [gradA, gradB];
  },
});

/** Share of the gradient that goes to `a`: 1 where a wins, ½ on ties, 0 where b wins. */
function winnerShare(
  wins: ReturnType<typeof greater>,
  ties: ReturnType<typeof equal>,
  dtype: 'float32' | 'float64' | 'int32',
) {
  return add(cast(wins, dtype), mul(cast(ties, dtype), 0.5));
}

export const maximumGrad = defineGradRule<'Maximum'>({
  save: { inputs: [0, 1] },
  backward: (dy, context) => {
    const a = saved(context, 0);
    const b = saved(context, 1);
    const share = winnerShare(greater(a, b), equal(a, b), metaOf(context, 0).dtype);
    return [mul(dy, share), mul(dy, sub(1, share))];
  },
});

export const minimumGrad = defineGradRule<'Minimum'>({
  save: { inputs: [0, 1] },
  backward: (dy, context) => {
    const a = saved(context, 0);
    const b = saved(context, 1);
    const share = winnerShare(less(a, b), equal(a, b), metaOf(context, 0).dtype);
    return [mul(dy, share), mul(dy, sub(1, share))];
  },
});

/** The condition gets no gradient; each branch gets dy where it was chosen. */
export const whereGrad = defineGradRule<'Where'>({
  save: { inputs: [0] },
  backward: (dy, context) => {
    const condition = saved(context, 0);
    return [null, where(condition, dy, 0), where(condition, 0, dy)];
  },
});

/** A cast passes the gradient through, converted back to the input's dtype. */
export const castGrad = defineGradRule<'Cast'>({
  save: {},
  backward: (dy, context) => [cast(dy, metaOf(context, 0).dtype)],
});
