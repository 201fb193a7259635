// AdamW: Adam with decoupled weight decay (weight decay 0.01 by default), PyTorch's
// torch.optim.AdamW, which is Adam with decoupled_weight_decay=True.
import type { Parameter } from '@unroll/autograd';
import { Adam, type AdamOptions } from './adam';

/** Options of {@link AdamW}: those of {@link Adam} except `decoupledWeightDecay`, which is always on. @category Optimizers */
export type AdamWOptions = Omit<AdamOptions, 'decoupledWeightDecay'>;

/**
 * Adam with decoupled weight decay: the parameter shrinks by `lr·λ` before the Adam step,
 * instead of `λθ` being added to the gradient (Loshchilov & Hutter).
 * ```math
 * θ ← θ (1 − lr λ)
 * m ← β1 m + (1 − β1) g
 * v ← β2 v + (1 − β2) g²
 * v̂ ← max(v̂, v)  if amsgrad,  else  v̂ = v
 * θ ← θ − (lr / (1 − β1^k)) · m / ( sqrt(v̂) / sqrt(1 − β2^k) + eps )
 * ```
 * State per parameter: `exp_avg`, `exp_avg_sq`, `max_exp_avg_sq` (with AMSGrad) and `step`.
 * @param parameters - the parameters to update, e.g. `model.parameters()`
 * @param options - `lr` 1e-3, `betas` [0.9, 0.999], `eps` 1e-8, `weightDecay` 0.01, `amsgrad` false, `maximize` false
 * @throws {ArgumentError} for a negative `lr`, `eps` or `weightDecay`, or betas outside [0, 1)
 * @example
 * ```ts
 * const optimizer = new AdamW(model.parameters(), { lr: 1e-3, weightDecay: 0.1 });
 * loss.backward();
 * optimizer.step();
 * ```
 * @see torch.optim.AdamW
 * @category Optimizers
 */
export class AdamW extends Adam {
  constructor(parameters: Iterable<Parameter>, options: AdamWOptions = {}) {
    super(parameters, {
      ...options,
      weightDecay: options.weightDecay ?? 1e-2,
      decoupledWeightDecay: true,
    });
  }
}
