// Mean absolute error, PyTorch's `l1_loss`.
import { type Tensor, abs, sub } from '@unroll/tensor';
import { type Reduction, checkReduction, checkSameShape, reduce } from './reduction';

/** Options of {@link l1}. @category Losses */
export interface L1Options {
  /** `'mean'` (default), `'sum'` or `'none'`. */
  reduction?: Reduction;
}

/**
 * Absolute error between an input and a target of the same shape; its gradient at `x = y` is 0.
 * ```math
 * ℓ = |x − y|
 * ```
 * @param input - predictions `x`, any shape; float32 or float64
 * @param target - targets `y`, the input's shape; float
 * @param options - `reduction` (default `'mean'`)
 * @returns a scalar `[]` for `'mean'` and `'sum'`; the input's shape for `'none'`
 * @throws {ShapeError} if the shapes differ (PyTorch broadcasts with a warning)
 * @throws {DTypeError} if the input or the target is not float
 * @throws {ArgumentError} for an unknown reduction
 * @example
 * ```ts
 * l1(tensor([1, 2, 3]), tensor([1, 0, 0])).item(); // (0 + 2 + 3) / 3 ≈ 1.6667
 * ```
 * @see torch.nn.functional.l1_loss
 * @category Losses
 */
export function l1(input: Tensor, target: Tensor, options: L1Options = {}): Tensor {
  const reduction = checkReduction(options.reduction ?? 'mean', 'l1');
  const [x, y] = checkSameShape('l1', input, target);
  return reduce(abs(sub(x, y)), reduction);
}
