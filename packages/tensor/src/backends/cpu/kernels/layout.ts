// cpu layout kernels: they copy or select elements without arithmetic.
import { allocateTypedArray } from '../../../dtype';
import { broadcastStrides, sizeOf, stridesOf } from '../../../shape';
import { input, output, type CpuKernel } from '../cpu-tensor';
import { copyStrided, forEachOffset, placeStrided } from '../indexing';

/** Data is immutable once written, so a reshape shares its input's array. */
const reshape: CpuKernel<'Reshape'> = (inputs) => [input(inputs, 0).values];

const transpose: CpuKernel<'Transpose'> = (inputs, { perm }, outputs) => {
  const x = input(inputs, 0);
  const meta = output(outputs);
  const strides = stridesOf(x.shape);
  const out = allocateTypedArray(x.dtype, x.values.length);
  copyStrided(
    x.values,
    meta.shape,
    perm.map((axis) => strides[axis] ?? 0),
    0,
    out,
  );
  return [out];
};

const slice: CpuKernel<'Slice'> = (inputs, { begin, step }, outputs) => {
  const x = input(inputs, 0);
  const meta = output(outputs);
  const strides = stridesOf(x.shape);
  const start = begin.reduce((total, first, axis) => total + first * (strides[axis] ?? 0), 0);
  const out = allocateTypedArray(x.dtype, sizeOf(meta.shape));
  const stepped = strides.map((stride, axis) => stride * (step[axis] ?? 1));
  copyStrided(x.values, meta.shape, stepped, start, out);
  return [out];
};

const flip: CpuKernel<'Flip'> = (inputs, { axes }) => {
  const x = input(inputs, 0);
  const strides = stridesOf(x.shape);
  const start = axes.reduce(
    (total, axis) => total + ((x.shape[axis] ?? 1) - 1) * (strides[axis] ?? 0),
    0,
  );
  const signed = strides.map((stride, axis) => (axes.includes(axis) ? -stride : stride));
  const out = allocateTypedArray(x.dtype, x.values.length);
  copyStrided(x.values, x.shape, signed, start, out);
  return [out];
};

const concat: CpuKernel<'Concat'> = (inputs, { axis }, outputs) => {
  const meta = output(outputs);
  const out = allocateTypedArray(meta.dtype, sizeOf(meta.shape));
  const outer = sizeOf(meta.shape.slice(0, axis));
  const inner = sizeOf(meta.shape.slice(axis + 1));
  const outRow = (meta.shape[axis] ?? 0) * inner;
  let column = 0;
  for (const operand of inputs) {
    const block = (operand.shape[axis] ?? 0) * inner;
    for (let o = 0; o < outer; o++) {
      out.set(operand.values.subarray(o * block, (o + 1) * block), o * outRow + column);
    }
    column += block;
  }
  return [out];
};

const pad: CpuKernel<'Pad'> = (inputs, { pads, value }, outputs) => {
  const x = input(inputs, 0);
  const meta = output(outputs);
  const out = allocateTypedArray(x.dtype, sizeOf(meta.shape)).fill(value);
  const outStrides = stridesOf(meta.shape);
  const start = pads.reduce((total, [before], axis) => total + before * (outStrides[axis] ?? 0), 0);
  placeStrided(x.values, x.shape, outStrides, start, out);
  return [out];
};

const expand: CpuKernel<'Expand'> = (inputs, { shape }) => {
  const x = input(inputs, 0);
  const out = allocateTypedArray(x.dtype, sizeOf(shape));
  copyStrided(x.values, shape, broadcastStrides(x.shape, shape), 0, out);
  return [out];
};

/**
 * For every position of `index` (row-major), the offset into a tensor of shape `shape` where
 * that position's axis coordinate is replaced by the index value. Rows along the last axis
 * run in a tight loop (the hot path of embeddings and their gradients).
 */
function indexedOffsets(
  shape: readonly number[],
  index: { shape: readonly number[]; values: ArrayLike<number> },
  axis: number,
): Int32Array {
  const strides = stridesOf(shape);
  const withoutAxis = strides.map((stride, k) => (k === axis ? 0 : stride));
  const axisStride = strides[axis] ?? 0;
  const rank = index.shape.length;
  const length = rank === 0 ? 1 : (index.shape[rank - 1] ?? 1);
  const lastStride = rank === 0 ? 0 : (withoutAxis[rank - 1] ?? 0);
  const values = index.values;
  const targets = new Int32Array(values.length);
  let position = 0;
  forEachOffset(index.shape.slice(0, -1), [withoutAxis.slice(0, -1)], ([base = 0]) => {
    for (let k = 0; k < length; k++, position++)
      targets[position] = base + k * lastStride + values[position]! * axisStride;
  });
  return targets;
}

const gatherElements: CpuKernel<'GatherElements'> = (inputs, { axis }, outputs) => {
  const x = input(inputs, 0);
  const index = input(inputs, 1);
  const out = allocateTypedArray(output(outputs).dtype, index.values.length);
  const targets = indexedOffsets(x.shape, index, axis);
  const values = x.values;
  for (let p = 0; p < targets.length; p++) out[p] = values[targets[p]!]!;
  return [out];
};

const indexSelect: CpuKernel<'IndexSelect'> = (inputs, { axis }, outputs) => {
  const x = input(inputs, 0);
  const indices = input(inputs, 1).values;
  const out = allocateTypedArray(output(outputs).dtype, sizeOf(output(outputs).shape));
  const outer = sizeOf(x.shape.slice(0, axis));
  const inner = sizeOf(x.shape.slice(axis + 1));
  const length = x.shape[axis] ?? 0;
  let position = 0;
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < indices.length; k++, position += inner) {
      const from = (o * length + indices[k]!) * inner;
      out.set(x.values.subarray(from, from + inner), position);
    }
  }
  return [out];
};

const indexAdd: CpuKernel<'IndexAdd'> = (inputs, { axis }) => {
  const x = input(inputs, 0);
  const indices = input(inputs, 1).values;
  const source = input(inputs, 2).values;
  const out = allocateTypedArray(x.dtype, x.values.length);
  out.set(x.values);
  const outer = sizeOf(x.shape.slice(0, axis));
  const inner = sizeOf(x.shape.slice(axis + 1));
  const length = x.shape[axis] ?? 0;
  let position = 0;
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < indices.length; k++) {
      const to = (o * length + indices[k]!) * inner;
      for (let i = 0; i < inner; i++) out[to + i] = out[to + i]! + source[position++]!;
    }
  }
  return [out];
};

const scatterAdd: CpuKernel<'ScatterAdd'> = (inputs, { axis }) => {
  const x = input(inputs, 0);
  const index = input(inputs, 1);
  const source = input(inputs, 2);
  const out = allocateTypedArray(x.dtype, x.values.length);
  out.set(x.values);
  // The source may be larger than the index; read it at the index's positions.
  const read = new Float64Array(index.values.length);
  copyStrided(source.values, index.shape, stridesOf(source.shape), 0, read);
  const targets = indexedOffsets(x.shape, index, axis);
  for (let p = 0; p < targets.length; p++) out[targets[p]!] = out[targets[p]!]! + read[p]!;
  return [out];
};

/** The cpu layout kernels. */
export const layoutKernels = {
  Reshape: reshape,
  Transpose: transpose,
  Slice: slice,
  Flip: flip,
  Concat: concat,
  Pad: pad,
  Expand: expand,
  GatherElements: gatherElements,
  IndexSelect: indexSelect,
  IndexAdd: indexAdd,
  ScatterAdd: scatterAdd,
} satisfies {
  [
    K in
      | 'Reshape'
      | 'Transpose'
      | 'Slice'
      | 'Flip'
      | 'Concat'
      | 'Pad'
      | 'Expand'
      | 'GatherElements'
      | 'IndexSelect'
      | 'IndexAdd'
      | 'ScatterAdd'
  ]: CpuKernel<K>;
};
