// Matrix products: matmul (1-D, 2-D and batched, optionally transposed operands) and outer.
import { runKernel1 } from '../dispatch';
import { ShapeError } from '../errors/shape-error';
import { matrixDims } from '../kernels/mat-mul';
import { broadcastShapes, formatShape } from '../shape';
import type { Tensor, TensorLike } from '../tensor';
import { promotePair } from './elementwise';
import { reshape, squeeze, unsqueeze } from './layout';

/** Options of {@link matmul}. @category Linear algebra */
export interface MatMulOptions {
  /** Use `a`'s transpose in its last two axes (no copy is made). */
  transposeA?: boolean;
  /** Use `b`'s transpose in its last two axes. */
  transposeB?: boolean;
}

/**
 * Matrix product with NumPy's rules: 1-D operands are vectors (a leading or trailing axis is
 * added, then removed), operands of rank > 2 are batches of matrices whose batch axes
 * broadcast.
 * ```math
 * out[…, i, j] = Σ_k a[…, i, k] · b[…, k, j]
 * ```
 * @param a - `[…, M, K]` (or `[K]`)
 * @param b - `[…, K, N]` (or `[K]`)
 * @returns `[…, M, N]`
 * @throws {ShapeError} if the inner dimensions differ or the batch axes cannot broadcast
 * @example
 * ```ts
 * matmul(ones([2, 3]), ones([3, 4])); // shape [2, 4], every entry 3
 * ```
 * @see torch.matmul
 * @category Linear algebra
 */
export function matmul(a: TensorLike, b: TensorLike, options: MatMulOptions = {}): Tensor {
  const [left, right] = promotePair(a, b, 'matmul');
  if (left.rank === 0 || right.rank === 0) {
    throw new ShapeError(
      `matmul: both operands must have at least one dimension, got a ${formatShape(left.shape)} and b ${formatShape(right.shape)}.`,
    );
  }
  const transposeA = options.transposeA === true && left.rank >= 2;
  const transposeB = options.transposeB === true && right.rank >= 2;
  const a2 = left.rank === 1 ? unsqueeze(left, 0) : left;
  const b2 = right.rank === 1 ? unsqueeze(right, -1) : right;
  const [, k] = matrixDims(a2.shape, transposeA);
  const [kb] = matrixDims(b2.shape, transposeB);
  if (k !== kb) {
    throw new ShapeError(
      `matmul: inner dimensions must match, got a ${formatShape(left.shape)} and b ${formatShape(right.shape)} ` +
        `(a's last dimension ${k} ≠ b's first dimension ${kb}${transposeA || transposeB ? ', after transposition' : ''}).`,
      { expected: `${k}`, actual: `${kb}` },
    );
  }
  broadcastShapes(a2.shape.slice(0, -2), b2.shape.slice(0, -2), 'matmul');
  let out = runKernel1('MatMul', [a2, b2], { transposeA, transposeB });
  if (left.rank === 1) out = squeeze(out, -2);
  if (right.rank === 1) out = squeeze(out, -1);
  return out;
}

/**
 * Outer product of two vectors: `out[i, j] = a[i] · b[j]`.
 * @param a - `[M]`
 * @param b - `[N]`
 * @returns `[M, N]`
 * @see torch.outer
 * @category Linear algebra
 */
export function outer(a: TensorLike, b: TensorLike): Tensor {
  const [left, right] = promotePair(a, b, 'outer');
  if (left.rank !== 1 || right.rank !== 1) {
    throw new ShapeError(
      `outer: a and b must be 1-D, got a ${formatShape(left.shape)} and b ${formatShape(right.shape)}.`,
    );
  }
  return reshape(left, [-1, 1]).mul(reshape(right, [1, -1]));
}
