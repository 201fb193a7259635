// Mean squared error, PyTorch's `mse_loss`.
import { type Tensor, square, sub } from '@unroll/tensor';
import { type Reduction, checkReduction, checkSameShape, reduce } from './reduction';

/** Options of {@link mse}. @category Losses */
export interface MSEOptions {
  /** `'mean'` (default), `'sum'` or `'none'`. */
  reduction?: Reduction;
}

/**
 * Squared error between an input and a target of the same shape.
 * ```math
 * ℓ = (x − y)²
 * ```
 * Unlike PyTorch, which broadcasts mismatched shapes with a warning, mismatched shapes throw:
 * broadcasting `[N, 1]` against `[N]` silently computes an `[N, N]` loss.
 * @param input - predictions `x`, any shape; float32 or float64
 * @param target - targets `y`, the input's shape; float
 * @param options - `reduction` (default `'mean'`)
 * @returns a scalar `[]` for `'mean'` and `'sum'`; the input's shape for `'none'`
 * @throws {ShapeError} if the shapes differ
 * @throws {DTypeError} if the input or the target is not float
 * @throws {ArgumentError} for an unknown reduction
 * @example
 * ```ts
 * mse(tensor([1, 2, 3]), tensor([1, 0, 0])).item(); // (0 + 4 + 9) / 3 ≈ 4.3333
 * ```
 * @see torch.nn.functional.mse_loss
 * @category Losses
 */
export function mse(input: Tensor, target: Tensor, options: MSEOptions = {}): Tensor {
  const reduction = checkReduction(options.reduction ?? 'mean', 'mse');
  const [x, y] = checkSameShape('mse', input, target);
  return reduce(square(sub(x, y)), reduction);
}
