// Shape ops: reshape, transpose/permute, slicing and indexing, squeeze/unsqueeze,
// expand/broadcastTo, flip, pad, concat/stack and split/chunk.
import { runKernel1 } from '../dispatch';
import { ArgumentError } from '../errors/argument-error';
import { DTypeError } from '../errors/dtype-error';
import { ShapeError } from '../errors/shape-error';
import {
  broadcastShapes,
  formatShape,
  normalizeAxes,
  normalizeAxis,
  shapesEqual,
  sizeOf,
  type Shape,
} from '../shape';
import type { Tensor, TensorLike } from '../tensor';
import { toTensor } from './convert';

/**
 * The same values in a new shape (row-major order is kept). One length may be `-1`, inferred
 * from the others.
 * @throws {ShapeError} if the sizes differ
 * @example
 * ```ts
 * reshape(arange(6), [2, -1]); // shape [2, 3]
 * ```
 * @see torch.reshape
 * @category Shape
 */
export function reshape(x: TensorLike, shape: Shape): Tensor {
  const input = toTensor(x, 'reshape', 'x');
  const unknown = shape.filter((length) => length === -1).length;
  const valid = shape.every((length) => Number.isInteger(length) && length >= -1);
  if (!valid || unknown > 1) {
    throw new ArgumentError(
      `reshape: shape must hold non-negative integers and at most one -1, got ${formatShape(shape)}.`,
      { argument: 'shape' },
    );
  }
  const known = sizeOf(shape.filter((length) => length !== -1));
  const resolved =
    unknown === 1 && known > 0
      ? shape.map((length) => (length === -1 ? input.size / known : length))
      : [...shape];
  // A -1 beside a 0 cannot be inferred: it stays -1 and must be rejected.
  const lengthsValid = resolved.every((length) => Number.isInteger(length) && length >= 0);
  if (sizeOf(resolved) !== input.size || !lengthsValid) {
    throw new ShapeError(
      `reshape: shape ${formatShape(shape)} is invalid for x of shape ${formatShape(input.shape)} (${input.size} elements).`,
      { argument: 'shape', expected: `${input.size} elements`, actual: formatShape(shape) },
    );
  }
  return runKernel1('Reshape', [input], { shape: resolved });
}

/**
 * Reorders axes: output axis `k` is input axis `axes[k]`.
 * @throws {ArgumentError} if `axes` is not a permutation of the input's axes
 * @see torch.permute
 * @category Shape
 */
export function permute(x: TensorLike, axes: readonly number[]): Tensor {
  const input = toTensor(x, 'permute', 'x');
  if (axes.length !== input.rank) {
    throw new ArgumentError(
      `permute: axes must list all ${input.rank} axes of x ${formatShape(input.shape)}, got [${axes.join(', ')}].`,
      { argument: 'axes' },
    );
  }
  const perm = axes.map((axis) => normalizeAxis(axis, input.rank, 'permute', 'axes'));
  if (new Set(perm).size !== perm.length) {
    throw new ArgumentError(`permute: axes must not repeat an axis, got [${axes.join(', ')}].`, {
      argument: 'axes',
    });
  }
  return runKernel1('Transpose', [input], { perm });
}

/**
 * Swaps two axes (by default the last two).
 * @see torch.transpose
 * @category Shape
 */
export function transpose(x: TensorLike, axis0 = -2, axis1 = -1): Tensor {
  const input = toTensor(x, 'transpose', 'x');
  if (input.rank < 2 && axis0 === -2 && axis1 === -1) return input;
  const a = normalizeAxis(axis0, input.rank, 'transpose', 'axis0');
  const b = normalizeAxis(axis1, input.rank, 'transpose', 'axis1');
  const perm = input.shape.map((_, axis) => (axis === a ? b : axis === b ? a : axis));
  return runKernel1('Transpose', [input], { perm });
}

/** One axis of a slice: `[start, stop, step]` with Python's meaning (negatives count from the end). @category Shape */
export type SliceRange = readonly [start?: number | null, stop?: number | null, step?: number];

/** One entry of {@link index}: a number selects (and drops the axis), a range slices, `null` keeps the axis. @category Shape */
export type IndexEntry = number | SliceRange | null;

function resolveRange(range: SliceRange, length: number, axis: number): [number, number, number] {
  const [start, stop, step = 1] = range;
  if (!Number.isInteger(step) || step <= 0) {
    throw new ArgumentError(
      `slice: step must be a positive integer, got ${step} on axis ${axis}.`,
      {
        argument: 'ranges',
      },
    );
  }
  const clampIndex = (value: number | null | undefined, fallback: number): number => {
    if (value === null || value === undefined) return fallback;
    const resolved = value < 0 ? value + length : value;
    return Math.min(Math.max(resolved, 0), length);
  };
  return [clampIndex(start, 0), clampIndex(stop, length), step];
}

/**
 * A strided slice. Entry `k` of `ranges` slices axis `k` as Python's `start:stop:step`;
 * `null` or a missing entry keeps the whole axis. The rank is kept.
 * @example
 * ```ts
 * slice(x, [null, [1, -1], [0, null, 2]]); // x[:, 1:-1, ::2]
 * ```
 * @see torch.Tensor.__getitem__
 * @category Shape
 */
export function slice(x: TensorLike, ranges: readonly (SliceRange | null | undefined)[]): Tensor {
  const input = toTensor(x, 'slice', 'x');
  if (ranges.length > input.rank) {
    throw new ArgumentError(
      `slice: ranges must have at most ${input.rank} entries for x ${formatShape(input.shape)}, got ${ranges.length}.`,
      { argument: 'ranges' },
    );
  }
  const begin: number[] = [];
  const end: number[] = [];
  const step: number[] = [];
  input.shape.forEach((length, axis) => {
    const [b, e, s] = resolveRange(ranges[axis] ?? [], length, axis);
    begin.push(b);
    end.push(Math.max(b, e));
    step.push(s);
  });
  return runKernel1('Slice', [input], { begin, end, step });
}

/**
 * The slice at `index` along `axis`, with that axis removed (negative `index` counts from the end).
 * @throws {ArgumentError} if `index` is out of range
 * @see torch.select
 * @category Shape
 */
export function select(x: TensorLike, axis: number, index: number): Tensor {
  const input = toTensor(x, 'select', 'x');
  const resolvedAxis = normalizeAxis(axis, input.rank, 'select');
  const length = input.shape[resolvedAxis] ?? 0;
  if (!Number.isInteger(index) || index < -length || index >= length) {
    throw new ArgumentError(
      `select: index must be an integer in [${-length}, ${length - 1}] for axis ${resolvedAxis} of x ${formatShape(input.shape)}, got ${index}.`,
      { argument: 'index' },
    );
  }
  const at = index < 0 ? index + length : index;
  const ranges = input.shape.map((_, k): SliceRange | null =>
    k === resolvedAxis ? [at, at + 1] : null,
  );
  const kept = input.shape.filter((_, k) => k !== resolvedAxis);
  return reshape(slice(input, ranges), kept);
}

/**
 * NumPy-style basic indexing: entry `k` applies to axis `k`. A number selects one position
 * and drops the axis, a `[start, stop, step]` range slices, `null` keeps the axis.
 * @example
 * ```ts
 * index(x, 0, [1, 3]); // x[0, 1:3]
 * ```
 * @see torch.Tensor.__getitem__
 * @category Shape
 */
export function index(x: TensorLike, ...entries: IndexEntry[]): Tensor {
  const input = toTensor(x, 'index', 'x');
  if (entries.length > input.rank) {
    throw new ArgumentError(
      `index: at most ${input.rank} entries for x ${formatShape(input.shape)}, got ${entries.length}.`,
      { argument: 'entries' },
    );
  }
  let result = slice(
    input,
    entries.map((entry) => (typeof entry === 'number' ? null : entry)),
  );
  for (let axis = entries.length - 1; axis >= 0; axis--) {
    const entry = entries[axis];
    if (typeof entry === 'number') result = select(result, axis, entry);
  }
  return result;
}

/**
 * Removes axes of length 1: all of them, or only those listed (listed axes of another
 * length are left alone, as in PyTorch).
 * @see torch.squeeze
 * @category Shape
 */
export function squeeze(x: TensorLike, axis?: number | readonly number[]): Tensor {
  const input = toTensor(x, 'squeeze', 'x');
  const axes = normalizeAxes(axis, input.rank, 'squeeze');
  return reshape(
    input,
    input.shape.filter((length, k) => !(length === 1 && axes.includes(k))),
  );
}

/**
 * Inserts an axis of length 1 at position `axis` (in `[-rank-1, rank]`).
 * @see torch.unsqueeze
 * @category Shape
 */
export function unsqueeze(x: TensorLike, axis: number): Tensor {
  const input = toTensor(x, 'unsqueeze', 'x');
  const position = normalizeAxis(axis, input.rank + 1, 'unsqueeze');
  const shape = [...input.shape];
  shape.splice(position, 0, 1);
  return reshape(input, shape);
}

/**
 * Broadcasts `x` to `shape` under NumPy's rule (the result holds its own copy).
 * @throws {ShapeError} if `x` cannot broadcast to `shape`
 * @see numpy.broadcast_to
 * @category Shape
 */
export function broadcastTo(x: TensorLike, shape: Shape): Tensor {
  const input = toTensor(x, 'broadcastTo', 'x');
  const target = [...shape];
  if (
    input.rank > target.length ||
    !shapesEqual(broadcastShapes(input.shape, target, 'broadcastTo'), target)
  ) {
    throw new ShapeError(
      `broadcastTo: x of shape ${formatShape(input.shape)} cannot be broadcast to ${formatShape(target)}.`,
      { argument: 'shape', expected: formatShape(target), actual: formatShape(input.shape) },
    );
  }
  if (shapesEqual(input.shape, target)) return input;
  return runKernel1('Expand', [input], { shape: target });
}

/**
 * PyTorch's `expand`: like {@link broadcastTo}, but `-1` keeps an axis's length.
 * @see torch.Tensor.expand
 * @category Shape
 */
export function expand(x: TensorLike, shape: Shape): Tensor {
  const input = toTensor(x, 'expand', 'x');
  const offset = shape.length - input.rank;
  return broadcastTo(
    input,
    shape.map((length, k) => (length === -1 ? (input.shape[k - offset] ?? 1) : length)),
  );
}

/**
 * Reverses the order of elements along the given axes.
 * @see torch.flip
 * @category Shape
 */
export function flip(x: TensorLike, axes: number | readonly number[]): Tensor {
  const input = toTensor(x, 'flip', 'x');
  return runKernel1('Flip', [input], { axes: normalizeAxes(axes, input.rank, 'flip') });
}

/**
 * Pads every axis with `value`: `pads[k] = [before, after]` for axis `k` (one pair per axis).
 * @see numpy.pad
 * @category Shape
 */
export function pad(
  x: TensorLike,
  pads: readonly (readonly [number, number])[],
  value = 0,
): Tensor {
  const input = toTensor(x, 'pad', 'x');
  const valid = pads.every(
    (pair) => pair.length === 2 && pair.every((n) => Number.isInteger(n) && n >= 0),
  );
  if (pads.length !== input.rank || !valid) {
    throw new ArgumentError(
      `pad: pads must hold one [before, after] pair of non-negative integers per axis of x ${formatShape(input.shape)} (${input.rank} pairs), got ${JSON.stringify(pads)}.`,
      { argument: 'pads' },
    );
  }
  return runKernel1('Pad', [input], { pads, value });
}

/**
 * Joins tensors along an existing axis; all other lengths must match.
 * @throws {ShapeError} naming the first mismatched tensor and both shapes
 * @see torch.cat
 * @category Shape
 */
export function concat(tensors: readonly TensorLike[], axis = 0): Tensor {
  return joinAlong(tensors, axis, 'concat');
}

function joinAlong(tensors: readonly TensorLike[], axis: number, api: string): Tensor {
  if (tensors.length === 0) {
    throw new ArgumentError(`${api}: tensors must hold at least one tensor, got an empty list.`, {
      argument: 'tensors',
    });
  }
  const inputs = tensors.map((t, k) => toTensor(t, api, `tensors[${k}]`));
  const firstInput = inputs[0] as Tensor;
  const resolved = normalizeAxis(axis, firstInput.rank, api);
  inputs.forEach((t, k) => {
    const fits =
      t.rank === firstInput.rank &&
      t.shape.every((length, a) => a === resolved || length === firstInput.shape[a]);
    if (!fits) {
      throw new ShapeError(
        `${api}: tensors[${k}] must match tensors[0] ${formatShape(firstInput.shape)} on every axis but ${resolved}, got ${formatShape(t.shape)}.`,
        {
          argument: `tensors[${k}]`,
          expected: formatShape(firstInput.shape),
          actual: formatShape(t.shape),
        },
      );
    }
    if (t.dtype !== firstInput.dtype) {
      throw new DTypeError(
        `${api}: tensors[${k}] must have dtype ${firstInput.dtype} like tensors[0], got ${t.dtype}.`,
      );
    }
  });
  if (inputs.length === 1) return firstInput;
  return runKernel1('Concat', inputs, { axis: resolved });
}

/**
 * Stacks tensors of one shape along a new axis.
 * @throws {ShapeError} if the shapes differ
 * @see torch.stack
 * @category Shape
 */
export function stack(tensors: readonly TensorLike[], axis = 0): Tensor {
  const inputs = tensors.map((t, k) => toTensor(t, 'stack', `tensors[${k}]`));
  const rank = (inputs[0]?.rank ?? 0) + 1;
  const position = normalizeAxis(axis, rank, 'stack');
  inputs.forEach((t, k) => {
    if (!shapesEqual(t.shape, inputs[0]?.shape ?? [])) {
      throw new ShapeError(
        `stack: tensors[${k}] must have the shape of tensors[0] ${formatShape(inputs[0]?.shape ?? [])}, got ${formatShape(t.shape)}.`,
        { argument: `tensors[${k}]` },
      );
    }
  });
  return joinAlong(
    inputs.map((t) => unsqueeze(t, position)),
    position,
    'stack',
  );
}

/**
 * Splits along `axis` into pieces of `sizes[k]` elements, or of `sizes` elements each (the
 * last piece may be shorter).
 * @throws {ArgumentError} if the sizes don't add up to the axis length
 * @see torch.split
 * @category Shape
 */
export function split(x: TensorLike, sizes: number | readonly number[], axis = 0): Tensor[] {
  const input = toTensor(x, 'split', 'x');
  const resolved = normalizeAxis(axis, input.rank, 'split');
  const length = input.shape[resolved] ?? 0;
  let pieces: number[];
  if (typeof sizes === 'number') {
    if (!Number.isInteger(sizes) || sizes <= 0) {
      throw new ArgumentError(`split: sizes must be a positive integer, got ${sizes}.`, {
        argument: 'sizes',
      });
    }
    pieces = Array.from({ length: Math.max(1, Math.ceil(length / sizes)) }, (_, k) =>
      Math.min(sizes, length - k * sizes),
    );
  } else {
    pieces = [...sizes];
    const total = pieces.reduce((a, b) => a + b, 0);
    if (total !== length || !pieces.every((n) => Number.isInteger(n) && n >= 0)) {
      throw new ArgumentError(
        `split: sizes must be non-negative integers adding up to ${length} (axis ${resolved} of x ${formatShape(input.shape)}), got [${pieces.join(', ')}] (total ${total}).`,
        { argument: 'sizes' },
      );
    }
  }
  let start = 0;
  return pieces.map((piece) => {
    const ranges = input.shape.map((_, k): SliceRange | null =>
      k === resolved ? [start, start + piece] : null,
    );
    start += piece;
    return slice(input, ranges);
  });
}

/**
 * Splits into `chunks` pieces of equal length along `axis` (the last may be shorter, and
 * fewer pieces come back when the length is too short, as in PyTorch).
 * @see torch.chunk
 * @category Shape
 */
export function chunk(x: TensorLike, chunks: number, axis = 0): Tensor[] {
  const input = toTensor(x, 'chunk', 'x');
  if (!Number.isInteger(chunks) || chunks <= 0) {
    throw new ArgumentError(`chunk: chunks must be a positive integer, got ${chunks}.`, {
      argument: 'chunks',
    });
  }
  const length = input.shape[normalizeAxis(axis, input.rank, 'chunk')] ?? 0;
  return split(input, Math.max(1, Math.ceil(length / chunks)), axis);
}
