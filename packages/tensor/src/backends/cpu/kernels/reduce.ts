// cpu reduction kernels. Sums accumulate in float64 whatever the dtype; Max and Min
// propagate NaN as PyTorch does; ArgMax/ArgMin return the first extreme (NaN counts as max).
import { allocateTypedArray } from '../../../dtype';
import { stridesOf } from '../../../shape';
import { input, output, type CpuKernel } from '../cpu-tensor';
import { forEachOffset } from '../indexing';

/** Strides that map an input position to its output position (0 on reduced axes). */
function reductionStrides(shape: readonly number[], axes: readonly number[]): number[] {
  const kept = shape.map((length, axis) => (axes.includes(axis) ? 1 : length));
  const strides = stridesOf(kept);
  return strides.map((stride, axis) => (axes.includes(axis) ? 0 : stride));
}

/** One row of a reduction into `accumulator`: along the row (step 0) or elementwise (step 1+). */
type ReduceRow = (
  values: ArrayLike<number>,
  position: number,
  length: number,
  accumulator: Float64Array,
  target: number,
  step: number,
) => void;

/** Sum's rows written out (the hottest reduction: bias gradients, softmax), one literal. */
const sumRow: ReduceRow = (values, position, length, accumulator, target, step) => {
  if (step === 0) {
    let total = accumulator[target]!;
    for (let i = 0; i < length; i++) total += values[position + i]!;
    accumulator[target] = total;
  } else {
    for (let i = 0; i < length; i++) accumulator[target + i * step]! += values[position + i]!;
  }
};

/** Max's rows written out (logsumexp's running maximum); NaN wins, as in PyTorch. */
const maxRow: ReduceRow = (values, position, length, accumulator, target, step) => {
  for (let i = 0; i < length; i++) {
    const at = step === 0 ? target : target + i * step;
    const value = values[position + i]!;
    if (value > accumulator[at]! || Number.isNaN(value)) accumulator[at] = value;
  }
};

function reduceKernel(
  initial: number,
  combine: (accumulator: number, value: number) => number,
  row?: ReduceRow,
): CpuKernel<'Sum' | 'Max' | 'Min'> {
  return (inputs, { axes }, outputs) => {
    const x = input(inputs, 0);
    const meta = output(outputs);
    const accumulator = new Float64Array(meta.shape.reduce((a, b) => a * b, 1)).fill(initial);
    const values = x.values;
    const strides = reductionStrides(x.shape, axes);
    const rank = x.shape.length;
    const length = rank === 0 ? 1 : (x.shape[rank - 1] ?? 1);
    const step = rank === 0 ? 0 : (strides[rank - 1] ?? 0);
    let position = 0;
    // A row of the last axis at a time: into one accumulator when that axis is reduced.
    forEachOffset(x.shape.slice(0, -1), [strides.slice(0, -1)], ([target = 0]) => {
      if (row !== undefined) {
        row(values, position, length, accumulator, target, step);
        position += length;
      } else if (step === 0) {
        let total = accumulator[target]!;
        for (let i = 0; i < length; i++) total = combine(total, values[position++]!);
        accumulator[target] = total;
      } else {
        for (let i = 0; i < length; i++, position++)
          accumulator[target + i * step] = combine(
            accumulator[target + i * step]!,
            values[position]!,
          );
      }
    });
    const out = allocateTypedArray(meta.dtype, accumulator.length);
    out.set(accumulator);
    return [out];
  };
}

const greaterOrNaN = (value: number, best: number): boolean =>
  value > best || (Number.isNaN(value) && !Number.isNaN(best));
const lessOrNaN = (value: number, best: number): boolean =>
  value < best || (Number.isNaN(value) && !Number.isNaN(best));

function argReduceKernel(
  better: (value: number, best: number) => boolean,
): CpuKernel<'ArgMax' | 'ArgMin'> {
  return (inputs, { axis }) => {
    const x = input(inputs, 0);
    const length = x.shape[axis] ?? 1;
    const inner = x.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
    const outer = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
    const out = allocateTypedArray('int32', outer * inner);
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const base = o * length * inner + i;
        let best = x.values[base] ?? 0;
        let bestIndex = 0;
        for (let k = 1; k < length; k++) {
          const value = x.values[base + k * inner] ?? 0;
          if (better(value, best)) {
            best = value;
            bestIndex = k;
          }
        }
        out[o * inner + i] = bestIndex;
      }
    }
    return [out];
  };
}

/** Combiners that keep a NaN once one is seen, as PyTorch's max and min do. */
const maximum = (best: number, value: number): number =>
  value > best || Number.isNaN(value) ? value : best;
const minimum = (best: number, value: number): number =>
  value < best || Number.isNaN(value) ? value : best;

/** The cpu reduction kernels. */
export const reduceKernels = {
  Sum: reduceKernel(0, (a, b) => a + b, sumRow),
  Max: reduceKernel(-Infinity, maximum, maxRow),
  Min: reduceKernel(Infinity, minimum),
  ArgMax: argReduceKernel(greaterOrNaN),
  ArgMin: argReduceKernel(lessOrNaN),
} satisfies { [K in 'Sum' | 'Max' | 'Min' | 'ArgMax' | 'ArgMin']: CpuKernel<K> };
