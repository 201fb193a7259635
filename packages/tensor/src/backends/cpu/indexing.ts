// Index arithmetic shared by the cpu kernels: walking every position of a shape while
// tracking the matching offsets into strided operands.
import { sizeOf } from '../../shape';

/**
 * Calls `visit(offsets)` for every position of `shape` in row-major order, where
 * `offsets[k]` is the position's offset under `strides[k]` (plus `starts[k]`).
 * The offsets array is reused between calls: read it, don't keep it.
 */
export function forEachOffset(
  shape: readonly number[],
  strides: readonly (readonly number[])[],
  visit: (offsets: readonly number[]) => void,
  starts: readonly number[] = strides.map(() => 0),
): void {
  const total = sizeOf(shape);
  if (total === 0) return;
  const rank = shape.length;
  const operands = strides.length;
  const counter = new Array<number>(rank).fill(0);
  const offsets = [...starts];
  for (let visited = 0; visited < total; visited++) {
    visit(offsets);
    for (let axis = rank - 1; axis >= 0; axis--) {
      const next = (counter[axis] ?? 0) + 1;
      const length = shape[axis] ?? 1;
      for (let k = 0; k < operands; k++) {
        const stride = strides[k]?.[axis] ?? 0;
        offsets[k] = (offsets[k] ?? 0) + (next < length ? stride : -stride * (length - 1));
      }
      if (next < length) {
        counter[axis] = next;
        break;
      }
      counter[axis] = 0;
    }
  }
}

/**
 * Copies the strided view (`shape`, element strides `strides`, first element `start`) of
 * `source` into `out` in row-major order. Rows along the last axis are copied in one call
 * when contiguous, in a tight loop otherwise: the layout kernels' hot path.
 */
export function copyStrided(
  source: TypedArrayLike,
  shape: readonly number[],
  strides: readonly number[],
  start: number,
  out: TypedArrayLike,
): void {
  const rank = shape.length;
  if (rank === 0) {
    out[0] = source[start] ?? 0;
    return;
  }
  const length = shape[rank - 1] ?? 1;
  const stride = strides[rank - 1] ?? 0;
  let position = 0;
  forEachOffset(
    shape.slice(0, -1),
    [strides.slice(0, -1)],
    ([offset = 0]) => {
      if (stride === 1) {
        out.set(source.subarray(offset, offset + length), position);
      } else {
        for (let k = 0, at = offset; k < length; k++, at += stride) out[position + k] = source[at]!;
      }
      position += length;
    },
    [start],
  );
}

/** The typed-array operations copyStrided needs. */
interface TypedArrayLike {
  [index: number]: number;
  readonly length: number;
  set(values: ArrayLike<number>, offset: number): void;
  subarray(begin: number, end: number): ArrayLike<number>;
}
