// Small helpers shared by many test files: catching a thrown error to inspect it, and walking
// the positions of a shape in row-major order for naive oracles.

/** The error `fn` throws; fails the test when it throws nothing. */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to throw');
}

/** Number of elements of a shape. */
export const sizeOf = (shape: readonly number[]): number => shape.reduce((p, n) => p * n, 1);

/** Row-major position of a multi-index. */
export const offsetOf = (shape: readonly number[], position: readonly number[]): number =>
  shape.reduce((offset, n, k) => offset * n + (position[k] ?? 0), 0);

/** Every multi-index of `shape` in row-major order. */
export function positions(shape: readonly number[]): number[][] {
  let all: number[][] = [[]];
  for (const n of shape) all = all.flatMap((p) => Array.from({ length: n }, (_, k) => [...p, k]));
  return all;
}
