// MatMul: batched matrix product of two tensors of rank ≥ 2, batch axes broadcast,
// either operand optionally transposed in its last two axes.
import { broadcastShapes } from '../shape';
import { defineKernel, type TensorMeta } from './kernel-spec';

/** Attributes of MatMul: whether to use each operand's transpose (last two axes). */
export interface MatMulAttrs {
  /** Use `a`'s transpose in its last two axes. */
  transposeA: boolean;
  /** Use `b`'s transpose in its last two axes. */
  transposeB: boolean;
}

/** Rows and columns of an operand as used in the product. @internal */
export function matrixDims(shape: readonly number[], transposed: boolean): [number, number] {
  const rows = shape[shape.length - 2] ?? 1;
  const columns = shape[shape.length - 1] ?? 1;
  return transposed ? [columns, rows] : [rows, columns];
}

export const matMulSpec = defineKernel<MatMulAttrs>({
  name: 'MatMul',
  inputs: ['a', 'b'],
  infer: ([a, b], { transposeA, transposeB }): TensorMeta[] => {
    const aShape = a?.shape ?? [];
    const bShape = b?.shape ?? [];
    const batch = broadcastShapes(aShape.slice(0, -2), bShape.slice(0, -2));
    const [m] = matrixDims(aShape, transposeA);
    const [, n] = matrixDims(bShape, transposeB);
    return [{ shape: [...batch, m, n], dtype: a?.dtype ?? 'float32' }];
  },
});
