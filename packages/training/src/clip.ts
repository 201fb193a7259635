// Gradient clipping between backward() and the optimizer step: by the norm of all gradients
// taken together (PyTorch's clip_grad_norm_, with its +1e-6) or elementwise by value.
import { noGrad } from '@unroll/autograd';
import { ArgumentError, Tensor, abs, clamp, max, mul, pow, square, sum } from '@unroll/tensor';

/** The tensors to clip: an iterable of parameters, or a single tensor. */
function gradientHolders(parameters: Iterable<Tensor> | Tensor, api: string): Tensor[] {
  if (parameters instanceof Tensor) return [parameters];
  if (parameters === null || typeof parameters !== 'object' || !(Symbol.iterator in parameters)) {
    throw new ArgumentError(
      `${api}: parameters must be a Tensor or an iterable of Tensors, got ${String(parameters)}. Hint: pass model.parameters().`,
      { argument: 'parameters' },
    );
  }
  return [...parameters];
}

/** Σ |g|^p over one tensor, with the common p written out for accuracy and speed. */
function powerSum(gradient: Tensor, p: number): number {
  if (p === 2) return sum(square(gradient)).item();
  if (p === 1) return sum(abs(gradient)).item();
  return sum(pow(abs(gradient), p)).item();
}

/** All gradients as one vector: the largest |g| for p = ∞, else (Σ |g|^p)^(1/p), the sums
 * taken per tensor and the root taken once, in double precision. */
function normOf(withGradient: readonly { grad: Tensor | null }[], normType: number): number {
  if (normType === Infinity) {
    return Math.max(...withGradient.map((holder) => max(abs(holder.grad as Tensor)).item()));
  }
  const powers = withGradient.map((holder) => powerSum(holder.grad as Tensor, normType));
  const accumulated = powers.reduce((partial, value) => partial + value, 0);
  return normType === 2 ? Math.sqrt(accumulated) : accumulated ** (1 / normType);
}

/**
 * The global gradient norm of `parameters` (as {@link clipGradNorm} computes it), without
 * changing any gradient. Parameters without a gradient are skipped; none at all gives 0.
 * @param normType - the p of the p-norm (default 2; `Infinity` for the largest |g|)
 * @example
 * ```ts
 * loss.backward();
 * console.log(gradNorm(model.parameters()));
 * ```
 * @category Clipping
 */
export function gradNorm(parameters: Iterable<Tensor> | Tensor, normType = 2): number {
  const holders = gradientHolders(parameters, 'gradNorm');
  if (typeof normType !== 'number' || !(normType > 0)) {
    throw new ArgumentError(
      `gradNorm: normType must be a positive number or Infinity, got ${String(normType)}.`,
      { argument: 'normType' },
    );
  }
  const withGradient = holders.filter((holder) => holder.grad !== null && holder.grad.size > 0);
  return withGradient.length === 0 ? 0 : noGrad(() => normOf(withGradient, normType));
}

/**
 * Rescales all gradients together so that their combined norm is at most `maxNorm`, and
 * returns that norm as it was before clipping.
 * ```math
 * total = ‖ (‖g_1‖_p, ‖g_2‖_p, …) ‖_p          (the p-norm of all gradients as one vector)
 * coef  = maxNorm / (total + 1e-6)
 * g_i ← coef · g_i                               if coef < 1
 * ```
 * The `1e-6` is PyTorch's: a clipped norm lands just below `maxNorm`. Parameters whose
 * `.grad` is null are skipped. As in PyTorch, a non-finite total (an infinite or NaN
 * gradient) is not repaired: the gradients are scaled by the resulting 0 or NaN.
 * @param parameters - the parameters (or one tensor) whose `.grad` to clip; gradients are replaced, not mutated
 * @param maxNorm - the largest allowed total norm, ≥ 0
 * @param normType - p of the p-norm, > 0; `Infinity` for the largest |g| (default 2)
 * @returns the total norm of the gradients before clipping (0 when no parameter has a gradient)
 * @throws {ArgumentError} for a negative `maxNorm` or a non-positive `normType`
 * @example
 * ```ts
 * loss.backward();
 * const total = clipGradNorm(model.parameters(), 1.0);
 * optimizer.step();
 * ```
 * @see torch.nn.utils.clip_grad_norm_
 * @category Training
 */
export function clipGradNorm(
  parameters: Iterable<Tensor> | Tensor,
  maxNorm: number,
  normType = 2,
): number {
  const holders = gradientHolders(parameters, 'clipGradNorm');
  if (typeof maxNorm !== 'number' || !(maxNorm >= 0)) {
    throw new ArgumentError(`clipGradNorm: maxNorm must be a number ≥ 0, got ${String(maxNorm)}.`, {
      argument: 'maxNorm',
    });
  }
  if (typeof normType !== 'number' || !(normType > 0)) {
    throw new ArgumentError(
      `clipGradNorm: normType must be a positive number or Infinity, got ${String(normType)}.`,
      { argument: 'normType' },
    );
  }
  return noGrad(() => {
    const withGradient = holders.filter((holder) => holder.grad !== null && holder.grad.size > 0);
    if (withGradient.length === 0) return 0;
    const total = normOf(withGradient, normType);
    const coef = maxNorm / (total + 1e-6);
    if (coef < 1 || Number.isNaN(coef)) {
      for (const holder of withGradient) holder.grad = mul(holder.grad as Tensor, coef);
    }
    return total;
  });
}

/**
 * Clamps every gradient elementwise to `[−clipValue, clipValue]`.
 * ```math
 * g ← min(max(g, −clipValue), clipValue)
 * ```
 * Parameters whose `.grad` is null are skipped; NaN entries stay NaN, as in PyTorch.
 * @param parameters - the parameters (or one tensor) whose `.grad` to clamp; gradients are replaced, not mutated
 * @param clipValue - the largest allowed |g|, ≥ 0
 * @throws {ArgumentError} for a negative or NaN `clipValue`
 * @example
 * ```ts
 * loss.backward();
 * clipGradValue(model.parameters(), 0.5);
 * optimizer.step();
 * ```
 * @see torch.nn.utils.clip_grad_value_
 * @category Training
 */
export function clipGradValue(parameters: Iterable<Tensor> | Tensor, clipValue: number): void {
  const holders = gradientHolders(parameters, 'clipGradValue');
  if (typeof clipValue !== 'number' || !(clipValue >= 0)) {
    throw new ArgumentError(
      `clipGradValue: clipValue must be a number ≥ 0, got ${String(clipValue)}.`,
      { argument: 'clipValue' },
    );
  }
  noGrad(() => {
    for (const holder of holders) {
      if (holder.grad !== null) holder.grad = clamp(holder.grad, -clipValue, clipValue);
    }
  });
}
