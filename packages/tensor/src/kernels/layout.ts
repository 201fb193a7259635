// Layout kernels: they move or select elements without arithmetic (reshape, transpose,
// slice, flip, concat, pad, expand, gather, scatter).
import { defineKernel, first, type TensorMeta } from './kernel-spec';

/** Same data, new shape (sizes equal). */
export const reshapeSpec = defineKernel<{ shape: readonly number[] }>({
  name: 'Reshape',
  inputs: ['x'],
  infer: (inputs, { shape }) => [{ shape, dtype: first(inputs).dtype }],
});

/** Axes permuted: output axis k is input axis `perm[k]`. */
export const transposeSpec = defineKernel<{ perm: readonly number[] }>({
  name: 'Transpose',
  inputs: ['x'],
  infer: (inputs, { perm }) => {
    const x = first(inputs);
    return [{ shape: perm.map((axis) => x.shape[axis] ?? 1), dtype: x.dtype }];
  },
});

/** Attributes of Slice: per axis, a start, an exclusive end and a positive step (all resolved). */
export interface SliceAttrs {
  /** First index per axis. */
  begin: readonly number[];
  /** Exclusive end per axis. */
  end: readonly number[];
  /** Positive step per axis. */
  step: readonly number[];
}

/** Number of elements `begin, begin+step, …` below `end`. @internal */
export function sliceLength(begin: number, end: number, step: number): number {
  return Math.max(0, Math.ceil((end - begin) / step));
}

export const sliceSpec = defineKernel<SliceAttrs>({
  name: 'Slice',
  inputs: ['x'],
  infer: (inputs, { begin, end, step }): TensorMeta[] => [
    {
      shape: begin.map((start, axis) => sliceLength(start, end[axis] ?? 0, step[axis] ?? 1)),
      dtype: first(inputs).dtype,
    },
  ],
});

/** Reverses the order of elements along `axes`. */
export const flipSpec = defineKernel<{ axes: readonly number[] }>({
  name: 'Flip',
  inputs: ['x'],
  infer: (inputs) => [first(inputs)],
});

/** Joins any number of tensors along `axis` (all other lengths equal). */
export const concatSpec = defineKernel<{ axis: number }>({
  name: 'Concat',
  inputs: ['...tensors'],
  infer: (inputs, { axis }) => {
    const shape = [...first(inputs).shape];
    shape[axis] = inputs.reduce((total, meta) => total + (meta.shape[axis] ?? 0), 0);
    return [{ shape, dtype: first(inputs).dtype }];
  },
});

/** Attributes of Pad: per axis, elements added before and after, and the fill value. */
export interface PadAttrs {
  /** `[before, after]` per axis. */
  pads: readonly (readonly [number, number])[];
  /** The fill value. */
  value: number;
}

export const padSpec = defineKernel<PadAttrs>({
  name: 'Pad',
  inputs: ['x'],
  infer: (inputs, { pads }) => {
    const x = first(inputs);
    return [
      {
        shape: x.shape.map(
          (length, axis) => length + (pads[axis]?.[0] ?? 0) + (pads[axis]?.[1] ?? 0),
        ),
        dtype: x.dtype,
      },
    ];
  },
});

/** Broadcasts to a larger shape (NumPy rule); the result holds its own copy. */
export const expandSpec = defineKernel<{ shape: readonly number[] }>({
  name: 'Expand',
  inputs: ['x'],
  infer: (inputs, { shape }) => [{ shape, dtype: first(inputs).dtype }],
});

/**
 * PyTorch's `gather`: `out[…, j, …] = x[…, index[…, j, …], …]` along `axis`; the output has the
 * index's shape.
 */
export const gatherElementsSpec = defineKernel<{ axis: number }>({
  name: 'GatherElements',
  inputs: ['x', 'index'],
  infer: ([x, index]) => [{ shape: index?.shape ?? [], dtype: x?.dtype ?? 'float32' }],
});

/**
 * PyTorch's `index_select`: whole slices along `axis`, picked by a 1-D int32 list; `axis` gets
 * the list's length. An embedding lookup is one.
 */
export const indexSelectSpec = defineKernel<{ axis: number }>({
  name: 'IndexSelect',
  inputs: ['x', 'indices'],
  infer: ([x, indices], { axis }) => [
    {
      shape: (x?.shape ?? []).map((length, a) => (a === axis ? (indices?.shape[0] ?? 0) : length)),
      dtype: x?.dtype ?? 'float32',
    },
  ],
});

/**
 * PyTorch's `index_add`: a copy of `x` with slice k of `source` along `axis` added at slice
 * `indices[k]` (repeats accumulate). The gradient of IndexSelect.
 */
export const indexAddSpec = defineKernel<{ axis: number }>({
  name: 'IndexAdd',
  inputs: ['x', 'indices', 'source'],
  infer: (inputs) => [first(inputs)],
});

/** PyTorch's `scatter_add`: a copy of `x` with `source[…, j, …]` added at `index[…, j, …]` along `axis`. */
export const scatterAddSpec = defineKernel<{ axis: number }>({
  name: 'ScatterAdd',
  inputs: ['x', 'index', 'source'],
  infer: (inputs) => [first(inputs)],
});
