// Gradient rules of the reductions: the output's gradient is broadcast back over the reduced
// axes (Sum), or routed to the positions that attained the extreme (Max, Min).
import { broadcastTo, cast, div, equal, mul, reshape, sum, type Tensor } from '@unroll/tensor';
import { defineGradRule, metaOf, saved, savedOutput, type GradContext } from '../grad-rule';

/** `dy` reshaped so that reduced axes have length 1 again (a no-op when keepdims was set). */
function keptDims(dy: Tensor, shape: readonly number[], axes: readonly number[]): Tensor {
  return reshape(
    dy,
    shape.map((length, axis) => (axes.includes(axis) ? 1 : length)),
  );
}

export const sumGrad = defineGradRule<'Sum'>({
  save: {},
  backward: (dy, context) => {
    const { shape } = metaOf(context, 0);
    return [broadcastTo(keptDims(dy, shape, context.attrs.axes), shape)];
  },
});

/** Ties share the gradient equally, as PyTorch's amax/amin do. */
function extremeGrad(dy: Tensor, context: GradContext<'Max' | 'Min'>): Tensor[] {
  const x = saved(context, 0);
  const { axes } = context.attrs;
  const y = keptDims(savedOutput(context), x.shape, axes);
  const mask = cast(equal(x, y), x.dtype);
  const count = sum(mask, axes, true);
  return [mul(mask, div(keptDims(dy, x.shape, axes), count))];
}

export const maxGrad = defineGradRule<'Max'>({
  save: { inputs: [0], output: true },
  backward: extremeGrad,
});
export const minGrad = defineGradRule<'Min'>({
  save: { inputs: [0], output: true },
  backward: extremeGrad,
});
