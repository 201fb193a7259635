// Gradient rules of the layout kernels: each moves the gradient back to where the forward
// took its values from (the inverse permutation, the slice's window, the concat's pieces).
import {
  flip,
  indexAdd,
  indexSelect,
  gather,
  pad,
  permute,
  reshape,
  scatterAdd,
  slice,
  split,
  unsqueeze,
  zeros,
  type Tensor,
} from '@unroll/tensor';
import { defineGradRule, metaOf, saved } from '../grad-rule';

export const reshapeGrad = defineGradRule<'Reshape'>({
  save: {},
  backward: (dy, context) => [reshape(dy, metaOf(context, 0).shape)],
});

export const transposeGrad = defineGradRule<'Transpose'>({
  save: {},
  backward: (dy, context) => {
    const inverse: number[] = [];
    context.attrs.perm.forEach((axis, k) => (inverse[axis] = k));
    return [permute(dy, inverse)];
  },
});

/** Puts `step − 1` zeros after each element along `axis`: `[…, n, …]` → `[…, n·step, …]`. */
function interleaveZeros(grad: Tensor, axis: number, step: number): Tensor {
  const column = unsqueeze(grad, axis + 1);
  const pads = column.shape.map((_, a): [number, number] =>
    a === axis + 1 ? [0, step - 1] : [0, 0],
  );
  return reshape(
    pad(column, pads),
    grad.shape.map((length, a) => (a === axis ? length * step : length)),
  );
}

/**
 * Places `dy` back into a zero tensor of the input's shape at positions `begin + k·step`:
 * per axis, interleave `step − 1` zeros after each element; then one pad to the input's
 * lengths on every axis at once (a select of one step of a long sequence then allocates its
 * gradient once, not once per axis).
 */
export const sliceGrad = defineGradRule<'Slice'>({
  save: {},
  backward: (dy, context) => {
    const { shape } = metaOf(context, 0);
    const { begin, step } = context.attrs;
    let grad: Tensor = dy;
    const pads = shape.map((length, axis): [number, number] => {
      const stride = step[axis] ?? 1;
      const start = begin[axis] ?? 0;
      if (stride > 1 && (grad.shape[axis] ?? 0) > 0) grad = interleaveZeros(grad, axis, stride);
      const after = length - start - (grad.shape[axis] ?? 0);
      if (after < 0)
        grad = slice(
          grad,
          grad.shape.map((_, a) => (a === axis ? [0, length - start] : null)),
        );
      return [start, Math.max(0, after)];
    });
    return [pads.some(([before, after]) => before > 0 || after > 0) ? pad(grad, pads) : grad];
  },
});

export const flipGrad = defineGradRule<'Flip'>({
  save: {},
  backward: (dy, context) => [flip(dy, context.attrs.axes)],
});

export const concatGrad = defineGradRule<'Concat'>({
  save: {},
  backward: (dy, context) => {
    const { axis } = context.attrs;
    return split(
      dy,
      context.inputMetas.map((meta) => meta.shape[axis] ?? 0),
      axis,
    );
  },
});

export const padGrad = defineGradRule<'Pad'>({
  save: {},
  backward: (dy, context) => {
    const { shape } = metaOf(context, 0);
    const { pads } = context.attrs;
    return [
      slice(
        dy,
        shape.map((length, axis) => [pads[axis]?.[0] ?? 0, (pads[axis]?.[0] ?? 0) + length]),
      ),
    ];
  },
});

/** Expand's gradient is dy of the expanded shape; the engine sums it back to the input's. */
export const expandGrad = defineGradRule<'Expand'>({ save: {}, backward: (dy) => [dy] });

export const gatherElementsGrad = defineGradRule<'GatherElements'>({
  save: { inputs: [1] },
  backward: (dy, context) => {
    const { shape, dtype } = metaOf(context, 0);
    return [scatterAdd(zeros(shape, { dtype }), context.attrs.axis, saved(context, 1), dy), null];
  },
});

/** Each picked slice's gradient is added back where it came from (repeats accumulate). */
export const indexSelectGrad = defineGradRule<'IndexSelect'>({
  save: { inputs: [1] },
  backward: (dy, context) => {
    const { shape, dtype } = metaOf(context, 0);
    return [indexAdd(zeros(shape, { dtype }), context.attrs.axis, saved(context, 1), dy), null];
  },
});

/** x passes dy through; source receives dy's slices at the positions it was added to. */
export const indexAddGrad = defineGradRule<'IndexAdd'>({
  save: { inputs: [1] },
  backward: (dy, context) => [dy, null, indexSelect(dy, context.attrs.axis, saved(context, 1))],
});

/** x passes dy through; each source element receives dy at the position it was added to. */
export const scatterAddGrad = defineGradRule<'ScatterAdd'>({
  save: { inputs: [1] },
  backward: (dy, context) => {
    const index = saved(context, 1);
    const picked = gather(dy, context.attrs.axis, index);
    const sourceShape = metaOf(context, 2).shape;
    const padded = pad(
      picked,
      sourceShape.map((length, a): [number, number] => [0, length - (index.shape[a] ?? 0)]),
    );
    return [dy, null, padded];
  },
});
