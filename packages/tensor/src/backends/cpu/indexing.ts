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
 * The same walk over fewer axes: axes of length 1 dropped, and neighbours merged where the
 * outer one's stride spans the inner one (a contiguous run becomes one axis).
 */
function coalesce(
  shape: readonly number[],
  strides: readonly number[],
): { shape: number[]; strides: number[] } {
  const outShape: number[] = [];
  const outStrides: number[] = [];
  shape.forEach((length, axis) => {
    if (length === 1) return;
    const stride = strides[axis] ?? 0;
    const last = outShape.length - 1;
    if (last >= 0 && outStrides[last] === stride * length) {
      outShape[last] = (outShape[last] ?? 1) * length;
      outStrides[last] = stride;
    } else {
      outShape.push(length);
      outStrides.push(stride);
    }
  });
  return { shape: outShape, strides: outStrides };
}

/**
 * Calls `row(offset, stride, length, position)` for each row of the strided view (`shape`,
 * element `strides`, first element `start`), axes coalesced first: `offset` is where the row
 * starts in the strided array, `position` where it starts in row-major order.
 */
function forEachRow(
  shape: readonly number[],
  strides: readonly number[],
  start: number,
  row: (offset: number, stride: number, length: number, position: number) => void,
): void {
  const view = coalesce(shape, strides);
  const rank = view.shape.length;
  if (rank === 0) {
    if (sizeOf(shape) > 0) row(start, 1, 1, 0);
    return;
  }
  const length = view.shape[rank - 1]!;
  const stride = view.strides[rank - 1]!;
  const rows = rank >= 2 ? view.shape[rank - 2]! : 1;
  const rowStride = rank >= 2 ? view.strides[rank - 2]! : 0;
  let position = 0;
  forEachOffset(
    view.shape.slice(0, -2),
    [view.strides.slice(0, -2)],
    ([base = 0]) => {
      for (let r = 0, offset = base; r < rows; r++, offset += rowStride) {
        row(offset, stride, length, position);
        position += length;
      }
    },
    [start],
  );
}

/**
 * Copies the strided view (`shape`, element strides `strides`, first element `start`) of
 * `source` into `out` in row-major order: the layout kernels' hot path. A contiguous row is
 * one `set`.
 */
export function copyStrided(
  source: TypedArrayLike,
  shape: readonly number[],
  strides: readonly number[],
  start: number,
  out: TypedArrayLike,
): void {
  forEachRow(shape, strides, start, (offset, stride, length, position) => {
    if (stride === 1) out.set(source.subarray(offset, offset + length), position);
    else for (let k = 0; k < length; k++) out[position + k] = source[offset + k * stride]!;
  });
}

/**
 * The inverse of copyStrided: writes the row-major values of `source` into the strided view
 * (`shape`, `strides`, `start`) of `out`. Pad's hot path (the gradient of a slice).
 */
export function placeStrided(
  source: TypedArrayLike,
  shape: readonly number[],
  strides: readonly number[],
  start: number,
  out: TypedArrayLike,
): void {
  forEachRow(shape, strides, start, (offset, stride, length, position) => {
    if (stride === 1) out.set(source.subarray(position, position + length), offset);
    else for (let k = 0; k < length; k++) out[offset + k * stride] = source[position + k]!;
  });
}

/** The typed-array operations copyStrided needs. */
interface TypedArrayLike {
  [index: number]: number;
  readonly length: number;
  set(values: ArrayLike<number>, offset: number): void;
  subarray(begin: number, end: number): ArrayLike<number>;
}
