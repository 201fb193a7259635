// Adam: bias-corrected moment estimates, with AMSGrad and either L2 or decoupled weight decay,
// exactly as torch.optim.Adam computes it (eps added after the bias-corrected square root).
import type { Parameter } from '@unroll/autograd';
import { adamUpdate, type Tensor, zerosLike } from '@unroll/tensor';
import { Optimizer, type OptimizerHyperparameters, type ParameterState } from './optimizer';
import { checkBoolean, checkDecay, checkNonNegative } from './options';

/** Options of {@link Adam}. @category Optimizers */
export interface AdamOptions {
  /** Learning rate (default 1e-3). */
  lr?: number;
  /** Decay rates β1, β2 of the first and second moment estimates, each in [0, 1) (default [0.9, 0.999]). */
  betas?: readonly [number, number];
  /** Added to the denominator for stability (default 1e-8). */
  eps?: number;
  /** Weight decay λ (default 0): an L2 term added to the gradient, or decoupled (see below). */
  weightDecay?: number;
  /** Use the running maximum of the second moment (AMSGrad; default false). */
  amsgrad?: boolean;
  /** Shrink θ by `lr·λ` directly instead of adding `λθ` to the gradient (AdamW; default false). */
  decoupledWeightDecay?: boolean;
  /** Maximise the objective instead (default false). */
  maximize?: boolean;
}

/** The hyperparameters of {@link Adam} and {@link AdamW}, all resolved (betas split in two). @category Optimizers */
export interface AdamHyperparameters extends OptimizerHyperparameters {
  /** Decay rate of the first moment estimate. */
  beta1: number;
  /** Decay rate of the second moment estimate. */
  beta2: number;
  /** Added to the denominator for stability. */
  eps: number;
  /** Weight decay λ. */
  weightDecay: number;
  /** Whether to use the AMSGrad maximum of past second moments. */
  amsgrad: boolean;
  /** Whether weight decay is decoupled from the gradient (AdamW). */
  decoupledWeightDecay: boolean;
}

/** Resolves {@link AdamOptions} with PyTorch's defaults. */
function adamHyperparameters(options: AdamOptions): AdamHyperparameters {
  const [beta1, beta2] = options.betas ?? [0.9, 0.999];
  return {
    lr: options.lr ?? 1e-3,
    beta1,
    beta2,
    eps: options.eps ?? 1e-8,
    weightDecay: options.weightDecay ?? 0,
    amsgrad: options.amsgrad ?? false,
    decoupledWeightDecay: options.decoupledWeightDecay ?? false,
    maximize: options.maximize ?? false,
  };
}

/**
 * Adam: gradient steps scaled by running estimates of the gradient's first and second moments.
 * ```math
 * g ← g + λ θ                  (L2 weight decay, if λ ≠ 0)      or   θ ← θ (1 − lr λ)   (decoupled)
 * m ← β1 m + (1 − β1) g
 * v ← β2 v + (1 − β2) g²
 * v̂ ← max(v̂, v)  if amsgrad,  else  v̂ = v
 * θ ← θ − (lr / (1 − β1^k)) · m / ( sqrt(v̂) / sqrt(1 − β2^k) + eps )
 * ```
 * `k` counts this parameter's updates. `eps` is added after the bias-corrected square root,
 * as in PyTorch (not to `v` inside it). State per parameter: `exp_avg` (m), `exp_avg_sq` (v),
 * `max_exp_avg_sq` (v̂, with AMSGrad) and `step` (k).
 * @param parameters - the parameters to update, e.g. `model.parameters()`
 * @param options - `lr` 1e-3, `betas` [0.9, 0.999], `eps` 1e-8, `weightDecay` 0, `amsgrad` false,
 *   `decoupledWeightDecay` false, `maximize` false
 * @throws {ArgumentError} for a negative `lr`, `eps` or `weightDecay`, or betas outside [0, 1)
 * @example
 * ```ts
 * const optimizer = new Adam(model.parameters(), { lr: 3e-4, betas: [0.9, 0.98] });
 * loss.backward();
 * optimizer.step();
 * ```
 * @see torch.optim.Adam
 * @category Optimizers
 */
export class Adam extends Optimizer<AdamHyperparameters> {
  constructor(parameters: Iterable<Parameter>, options: AdamOptions = {}) {
    super(parameters, adamHyperparameters(options));
  }

  protected checkOptions(options: AdamHyperparameters): void {
    const api = this.constructor.name;
    checkNonNegative(api, 'lr', options.lr);
    checkDecay(api, 'betas[0]', options.beta1);
    checkDecay(api, 'betas[1]', options.beta2);
    checkNonNegative(api, 'eps', options.eps);
    checkNonNegative(api, 'weightDecay', options.weightDecay);
    checkBoolean(api, 'amsgrad', options.amsgrad);
    checkBoolean(api, 'decoupledWeightDecay', options.decoupledWeightDecay);
    checkBoolean(api, 'maximize', options.maximize);
  }

  protected bufferNames(options: AdamHyperparameters): readonly string[] {
    return options.amsgrad
      ? ['exp_avg', 'exp_avg_sq', 'max_exp_avg_sq']
      : ['exp_avg', 'exp_avg_sq'];
  }

  protected update(parameter: Parameter, gradient: Tensor, state: ParameterState): void {
    const { lr, beta1, beta2, eps, weightDecay, amsgrad, decoupledWeightDecay } = this.options;
    const { buffers, step } = state;
    const zeros = (): Tensor => zerosLike(parameter);
    const v = buffers.exp_avg_sq ?? zeros();
    // One fused pass per parameter (the kernel follows torch.optim.Adam's formula exactly).
    const next = adamUpdate(
      { theta: parameter, m: buffers.exp_avg ?? zeros(), v, vMax: buffers.max_exp_avg_sq ?? v },
      gradient,
      {
        lr,
        beta1,
        beta2,
        eps,
        weightDecay,
        decoupledWeightDecay,
        amsgrad,
        stepSize: lr / (1 - beta1 ** step),
        biasCorrection2Sqrt: Math.sqrt(1 - beta2 ** step),
      },
    );
    buffers.exp_avg = next.m;
    buffers.exp_avg_sq = next.v;
    if (amsgrad) buffers.max_exp_avg_sq = next.vMax;
    parameter.assign(next.theta);
  }
}
