// Huber loss, PyTorch's `huber_loss`: quadratic near zero, linear beyond `delta`.
import { ArgumentError, type Tensor, abs, less, mul, square, sub, where } from '@unroll/tensor';
import { type Reduction, checkReduction, checkSameShape, reduce } from './reduction';

/** Options of {@link huber}. @category Losses */
export interface HuberOptions {
  /** Where the loss turns from quadratic to linear; must be positive (default 1). */
  delta?: number;
  /** `'mean'` (default), `'sum'` or `'none'`. */
  reduction?: Reduction;
}

/**
 * Huber loss: squared error for small residuals, absolute error (scaled by δ) for large ones.
 * ```math
 * ℓ = ½ (x − y)²            if |x − y| < δ
 * ℓ = δ · (|x − y| − ½ δ)   otherwise
 * ```
 * With `delta = 1` it equals PyTorch's `smooth_l1_loss` with `beta = 1`.
 * @param input - predictions `x`, any shape; float32 or float64
 * @param target - targets `y`, the input's shape; float
 * @param options - `delta` δ (default 1), `reduction` (default `'mean'`)
 * @returns a scalar `[]` for `'mean'` and `'sum'`; the input's shape for `'none'`
 * @throws {ShapeError} if the shapes differ (PyTorch broadcasts with a warning)
 * @throws {DTypeError} if the input or the target is not float
 * @throws {ArgumentError} if `delta` is not positive, or for an unknown reduction
 * @example
 * ```ts
 * huber(tensor([0.5, 3]), tensor([0, 0]), { reduction: 'none' }); // [0.125, 2.5]
 * ```
 * @see torch.nn.functional.huber_loss
 * @category Losses
 */
export function huber(input: Tensor, target: Tensor, options: HuberOptions = {}): Tensor {
  const { delta = 1 } = options;
  const reduction = checkReduction(options.reduction ?? 'mean', 'huber');
  if (!(delta > 0 && Number.isFinite(delta))) {
    throw new ArgumentError(`huber: options.delta must be a positive number, got ${delta}.`, {
      argument: 'delta',
    });
  }
  const [x, y] = checkSameShape('huber', input, target);
  const residual = sub(x, y);
  const size = abs(residual);
  // The quadratic branch squares the residual itself (not |residual|) so its gradient is
  // exactly x − y, with no detour through sign().
  const quadratic = mul(square(residual), 0.5);
  const linear = mul(sub(size, 0.5 * delta), delta);
  return reduce(where(less(size, delta), quadratic, linear), reduction);
}
