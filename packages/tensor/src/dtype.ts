// Data types: the three Unroll supports, their typed arrays, and the promotion rule used
// when two operands of different dtypes meet.

/**
 * A tensor's element type. `float32` is the working type, `float64` the checking type
 * (gradcheck, golden files), `int32` holds indices, labels and comparison results.
 * @category Tensors
 */
export type DType = 'float32' | 'float64' | 'int32';

/** The typed array that stores each dtype. @category Tensors */
export interface TypedArrayFor {
  /** Storage of float32 tensors. */
  float32: Float32Array;
  /** Storage of float64 tensors. */
  float64: Float64Array;
  /** Storage of int32 tensors. */
  int32: Int32Array;
}

/** Any of the typed arrays a tensor can be stored in. @category Tensors */
export type TypedArray = TypedArrayFor[DType];

/** Every dtype, in promotion order (lowest first). @category Tensors */
export const dtypes: readonly DType[] = ['int32', 'float32', 'float64'];

const rank: Record<DType, number> = { int32: 0, float32: 1, float64: 2 };

/** True for `float32` and `float64`. @category Tensors */
export function isFloatDType(dtype: DType): boolean {
  return dtype !== 'int32';
}

/**
 * The dtype two operands are computed in: the wider of the two (`int32` < `float32` < `float64`).
 * @category Tensors
 */
export function promoteDTypes(a: DType, b: DType): DType {
  return rank[a] >= rank[b] ? a : b;
}

/** Checks that a value names a dtype. @internal */
export function isDType(value: unknown): value is DType {
  return value === 'float32' || value === 'float64' || value === 'int32';
}

/** Allocates a zero-filled typed array of `size` elements for `dtype`. @internal */
export function allocateTypedArray<D extends DType>(dtype: D, size: number): TypedArrayFor[D] {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size) as TypedArrayFor[D];
    case 'float64':
      return new Float64Array(size) as TypedArrayFor[D];
    case 'int32':
      return new Int32Array(size) as TypedArrayFor[D];
  }
  return dtype satisfies never;
}

/** The dtype a typed array stores. @internal */
export function dtypeOfTypedArray(array: TypedArray): DType {
  if (array instanceof Float32Array) return 'float32';
  if (array instanceof Float64Array) return 'float64';
  return 'int32';
}
