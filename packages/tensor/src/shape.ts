// Shape arithmetic shared by ops and kernels: sizes, strides, axis normalisation and the
// NumPy broadcasting rule.
import { assert } from './assert';
import { ArgumentError } from './errors/argument-error';
import { ShapeError } from './errors/shape-error';

/** A tensor's shape: one length per dimension, outermost first. @category Tensors */
export type Shape = readonly number[];

/**
 * Formats a shape the way every Unroll message prints one: `[4, 10, 32]`.
 * @category Errors
 */
export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

/** The number of elements of a shape (1 for a scalar). @internal */
export function sizeOf(shape: Shape): number {
  let size = 1;
  for (const length of shape) size *= length;
  return size;
}

/** Row-major strides of a contiguous shape, in elements. @internal */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let stride = 1;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    strides[axis] = stride;
    stride *= shape[axis] ?? 1;
  }
  return strides;
}

/** True when two shapes are equal. @internal */
export function shapesEqual(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((length, axis) => length === b[axis]);
}

/**
 * Resolves a possibly negative axis against a rank, or throws an ArgumentError naming `api`.
 * @internal
 */
export function normalizeAxis(axis: number, rank: number, api: string, argument = 'axis'): number {
  const low = rank === 0 ? -1 : -rank;
  const high = rank === 0 ? 0 : rank - 1;
  assert(
    Number.isInteger(axis) && axis >= low && axis <= high,
    () =>
      new ArgumentError(
        `${api}: ${argument} must be an integer in [${low}, ${high}] for a tensor of rank ${rank}, got ${axis}.`,
        { argument },
      ),
  );
  return axis < 0 ? axis + Math.max(rank, 1) : axis;
}

/**
 * Resolves an axis list (`undefined` = all axes), sorted and without repeats.
 * @internal
 */
export function normalizeAxes(
  axes: number | readonly number[] | undefined,
  rank: number,
  api: string,
): number[] {
  if (axes === undefined) return Array.from({ length: rank }, (_, axis) => axis);
  const list = typeof axes === 'number' ? [axes] : axes;
  const resolved = list.map((axis) => normalizeAxis(axis, rank, api));
  const unique = [...new Set(resolved)].sort((x, y) => x - y);
  assert(
    unique.length === resolved.length,
    () =>
      new ArgumentError(`${api}: axis must not repeat an axis, got [${list.join(', ')}].`, {
        argument: 'axis',
      }),
  );
  return rank === 0 ? [] : unique;
}

/**
 * The shape two (or more) operands broadcast to under NumPy's rule: align trailing axes;
 * each pair of lengths must be equal or one of them 1.
 * @throws {ShapeError} naming both shapes when they cannot broadcast
 * @category Tensors
 */
export function broadcastShapes(a: Shape, b: Shape, api = 'broadcastShapes'): number[] {
  const rank = Math.max(a.length, b.length);
  const result = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    assert(
      x === y || x === 1 || y === 1,
      () =>
        new ShapeError(
          `${api}: shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast together ` +
            `(axis ${i - rank}: ${x} vs ${y}; lengths must be equal or one of them 1).`,
          { expected: formatShape(a), actual: formatShape(b) },
        ),
    );
    result[i] = x === 1 ? y : x;
  }
  return result;
}

/**
 * Strides to read a tensor of shape `shape` as if broadcast to `target`: broadcast axes get
 * stride 0, missing leading axes too.
 * @internal
 */
export function broadcastStrides(shape: Shape, target: Shape): number[] {
  const own = stridesOf(shape);
  const offset = target.length - shape.length;
  return target.map((_, axis) => {
    const source = axis - offset;
    if (source < 0 || shape[source] === 1) return 0;
    return own[source] ?? 0;
  });
}
