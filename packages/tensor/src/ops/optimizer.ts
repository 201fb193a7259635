// Fused optimizer steps as ops: what torch.optim's fused implementations do, one pass per
// parameter. Optimizers in @unroll/training call them.
import { runKernel } from '../dispatch';
import { DTypeError } from '../errors/dtype-error';
import { ShapeError } from '../errors/shape-error';
import { isFloatDType } from '../dtype';
import type { AdamUpdateAttrs } from '../kernels/optimizer';
import { formatShape, shapesEqual } from '../shape';
import type { Tensor } from '../tensor';

/** The state one {@link adamUpdate} reads and returns. @category Optimizers */
export interface AdamState {
  /** The parameter θ. */
  readonly theta: Tensor;
  /** First moment m. */
  readonly m: Tensor;
  /** Second moment v. */
  readonly v: Tensor;
  /** Running maximum of v (AMSGrad); pass v when AMSGrad is off. */
  readonly vMax: Tensor;
}

/**
 * One Adam step for one parameter, fused (torch.optim.Adam with `fused=True`):
 * ```math
 * g ← g + λθ (L2) or θ ← θ(1 − lr·λ) (decoupled);  m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²
 * θ ← θ − stepSize · m / (√v̂ / √(1 − β₂ᵗ) + ε),  v̂ = max(vMax, v) with AMSGrad, else v
 * ```
 * Not differentiable; call it under `noGrad`.
 * @param state - θ, m, v and vMax, all of one shape and float dtype
 * @param gradient - g, the same shape and dtype
 * @returns the new θ, m, v and vMax
 * @throws {ShapeError} if a tensor's shape differs from θ's
 * @throws {DTypeError} if the tensors are not all one float dtype
 * @category Optimizers
 */
export function adamUpdate(
  state: AdamState,
  gradient: Tensor,
  options: AdamUpdateAttrs,
): AdamState {
  const { theta } = state;
  const named: [string, Tensor][] = [
    ['gradient', gradient],
    ['m', state.m],
    ['v', state.v],
    ['vMax', state.vMax],
  ];
  if (!isFloatDType(theta.dtype)) {
    throw new DTypeError(`adamUpdate: theta must be float32 or float64, got ${theta.dtype}.`);
  }
  for (const [name, t] of named) {
    if (!shapesEqual(t.shape, theta.shape)) {
      throw new ShapeError(
        `adamUpdate: ${name} must have theta's shape ${formatShape(theta.shape)}, got ${formatShape(t.shape)}.`,
        { argument: name, expected: formatShape(theta.shape), actual: formatShape(t.shape) },
      );
    }
    if (t.dtype !== theta.dtype) {
      throw new DTypeError(
        `adamUpdate: ${name} must be ${theta.dtype} like theta, got ${t.dtype}.`,
      );
    }
  }
  const [next, m, v, vMax] = runKernel(
    'AdamUpdate',
    [theta, gradient, state.m, state.v, state.vMax],
    options,
  ) as [Tensor, Tensor, Tensor, Tensor];
  return { theta: next, m, v, vMax };
}
