// Numeric comparison used by the toBeAllClose matcher: NumPy's allclose rule with a
// report of the worst entry, so a failing test says where and by how much.

/** Anything with a shape and a way to read its values in row-major order (a Tensor, say). */
export interface ArrayLikeTensor {
  readonly shape: readonly number[];
  toArray(): unknown;
}

/** A value the matcher can compare: a tensor-like, a nested array or a number. */
export type Comparable = ArrayLikeTensor | ArrayLike<unknown> | number;

/** Tolerances for {@link allClose}: `|a - b| <= atol + rtol * |b|` elementwise. */
export interface AllCloseOptions {
  atol?: number;
  rtol?: number;
  /** Treat NaN as equal to NaN (default true). */
  equalNaN?: boolean;
}

/** The outcome of {@link allClose}. */
export interface AllCloseReport {
  pass: boolean;
  message: string;
}

interface Flat {
  shape: number[];
  values: number[];
}

function isTensorLike(value: unknown): value is ArrayLikeTensor {
  return (
    typeof value === 'object' &&
    value !== null &&
    'shape' in value &&
    typeof (value as { toArray?: unknown }).toArray === 'function'
  );
}

function flatten(value: unknown, depth: number, shape: number[], out: number[]): void {
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    out.push(Number(value));
    return;
  }
  const items = Array.from(value as ArrayLike<unknown>);
  if (shape.length <= depth) shape.push(items.length);
  for (const item of items) flatten(item, depth + 1, shape, out);
}

function toFlat(value: unknown): Flat {
  if (isTensorLike(value)) {
    const values: number[] = [];
    flatten(value.toArray(), 0, [], values);
    return { shape: [...value.shape], values };
  }
  const shape: number[] = [];
  const values: number[] = [];
  flatten(value, 0, shape, values);
  return { shape, values };
}

function unravel(index: number, shape: readonly number[]): number[] {
  const position = new Array<number>(shape.length).fill(0);
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    const size = shape[axis] ?? 1;
    position[axis] = index % size;
    index = Math.floor(index / size);
  }
  return position;
}

const formatShape = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

/**
 * Compares two arrays or tensors elementwise with NumPy's `allclose` rule and reports the
 * worst entry (its index, both values, the absolute and relative error) when they differ.
 */
export function allClose(
  actual: Comparable,
  expected: Comparable,
  { atol = 1e-5, rtol = 1e-4, equalNaN = true }: AllCloseOptions = {},
): AllCloseReport {
  const a = toFlat(actual);
  const b = toFlat(expected);
  const sameShape = a.shape.length === b.shape.length && a.shape.every((s, i) => s === b.shape[i]);
  if (!sameShape || a.values.length !== b.values.length) {
    return {
      pass: false,
      message: `shapes differ: actual ${formatShape(a.shape)}, expected ${formatShape(b.shape)}`,
    };
  }
  let worst = -1;
  let worstExcess = 0;
  let failures = 0;
  for (let i = 0; i < a.values.length; i++) {
    const x = a.values[i] ?? NaN;
    const y = b.values[i] ?? NaN;
    let excess: number;
    if (Number.isNaN(x) || Number.isNaN(y)) {
      excess = equalNaN && Number.isNaN(x) && Number.isNaN(y) ? 0 : Infinity;
    } else if (x === y) {
      excess = 0;
    } else {
      excess = Math.abs(x - y) - (atol + rtol * Math.abs(y));
    }
    if (excess > 0) {
      failures++;
      if (worst < 0 || excess > worstExcess) {
        worst = i;
        worstExcess = excess;
      }
    }
  }
  if (worst < 0) {
    return {
      pass: true,
      message: `all ${a.values.length} entries are within atol ${atol}, rtol ${rtol}`,
    };
  }
  const x = a.values[worst] ?? NaN;
  const y = b.values[worst] ?? NaN;
  const where = formatShape(unravel(worst, a.shape));
  return {
    pass: false,
    message:
      `${failures} of ${a.values.length} entries differ beyond atol ${atol}, rtol ${rtol}; ` +
      `worst at ${where}: actual ${x}, expected ${y} ` +
      `(absolute error ${Math.abs(x - y)}, relative ${Math.abs(x - y) / Math.abs(y)})`,
  };
}
