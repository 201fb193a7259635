// RMSprop: gradient steps divided by a running root-mean-square of the gradient, optionally
// centred and with momentum, as torch.optim.RMSprop computes them (eps added after the root).
import type { Parameter } from '@unroll/autograd';
import { type Tensor, add, div, mul, sqrt, square, sub, zerosLike } from '@unroll/tensor';
import { Optimizer, type OptimizerHyperparameters, type ParameterState } from './optimizer';
import { checkBoolean, checkNonNegative } from './options';

/** Options of {@link RMSprop}. @category Optimizers */
export interface RMSpropOptions {
  /** Learning rate (default 0.01). */
  lr?: number;
  /** Smoothing constant α of the running averages (default 0.99). */
  alpha?: number;
  /** Added to the root mean square for stability (default 1e-8). */
  eps?: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay?: number;
  /** Momentum factor μ (default 0). */
  momentum?: number;
  /** Normalise by an estimate of the gradient's variance instead of its second moment (default false). */
  centered?: boolean;
  /** Maximise the objective instead (default false). */
  maximize?: boolean;
}

/** The hyperparameters of {@link RMSprop}, all resolved. @category Optimizers */
export interface RMSpropHyperparameters extends OptimizerHyperparameters {
  /** Smoothing constant of the squared-gradient average. */
  alpha: number;
  /** Added to the denominator for stability. */
  eps: number;
  /** Weight decay λ. */
  weightDecay: number;
  /** Momentum factor. */
  momentum: number;
  /** Whether to normalise by the centred second moment (an estimate of the variance). */
  centered: boolean;
}

/**
 * RMSprop: divides each step by a running root-mean-square of recent gradients.
 * ```math
 * g ← g + λ θ                          (if λ ≠ 0)
 * s ← α s + (1 − α) g²
 * a ← α a + (1 − α) g;   d = sqrt(s − a²) + eps    if centered
 *                        d = sqrt(s) + eps         otherwise
 * b ← μ b + g / d;       θ ← θ − lr · b            if μ > 0
 *                        θ ← θ − lr · g / d        otherwise
 * ```
 * State per parameter: `square_avg` (s), `grad_avg` (a, when centred), `momentum_buffer` (b,
 * when μ > 0) and `step`.
 * @param parameters - the parameters to update, e.g. `model.parameters()`
 * @param options - `lr` 0.01, `alpha` 0.99, `eps` 1e-8, `weightDecay` 0, `momentum` 0, `centered` false, `maximize` false
 * @throws {ArgumentError} for a negative `lr`, `alpha`, `eps`, `weightDecay` or `momentum`
 * @example
 * ```ts
 * const optimizer = new RMSprop(model.parameters(), { lr: 1e-3, centered: true });
 * loss.backward();
 * optimizer.step();
 * ```
 * @see torch.optim.RMSprop
 * @category Optimizers
 */
export class RMSprop extends Optimizer<RMSpropHyperparameters> {
  constructor(parameters: Iterable<Parameter>, options: RMSpropOptions = {}) {
    super(parameters, {
      lr: options.lr ?? 1e-2,
      alpha: options.alpha ?? 0.99,
      eps: options.eps ?? 1e-8,
      weightDecay: options.weightDecay ?? 0,
      momentum: options.momentum ?? 0,
      centered: options.centered ?? false,
      maximize: options.maximize ?? false,
    });
  }

  protected checkOptions(options: RMSpropHyperparameters): void {
    checkNonNegative('RMSprop', 'lr', options.lr);
    checkNonNegative('RMSprop', 'alpha', options.alpha);
    checkNonNegative('RMSprop', 'eps', options.eps);
    checkNonNegative('RMSprop', 'weightDecay', options.weightDecay);
    checkNonNegative('RMSprop', 'momentum', options.momentum);
    checkBoolean('RMSprop', 'centered', options.centered);
    checkBoolean('RMSprop', 'maximize', options.maximize);
  }

  protected bufferNames(options: RMSpropHyperparameters): readonly string[] {
    return [
      'square_avg',
      ...(options.momentum > 0 ? ['momentum_buffer'] : []),
      ...(options.centered ? ['grad_avg'] : []),
    ];
  }

  protected update(parameter: Parameter, gradient: Tensor, state: ParameterState): void {
    const { lr, alpha, eps, weightDecay, momentum, centered } = this.options;
    const { buffers } = state;
    const g = weightDecay !== 0 ? add(gradient, mul(parameter, weightDecay)) : gradient;
    const squareAvg = add(
      mul(buffers.square_avg ?? zerosLike(parameter), alpha),
      mul(square(g), 1 - alpha),
    );
    buffers.square_avg = squareAvg;
    let variance = squareAvg;
    if (centered) {
      const gradAvg = add(mul(buffers.grad_avg ?? zerosLike(parameter), alpha), mul(g, 1 - alpha));
      buffers.grad_avg = gradAvg;
      variance = sub(squareAvg, square(gradAvg));
    }
    const denominator = add(sqrt(variance), eps);
    let direction = div(g, denominator);
    if (momentum > 0) {
      direction = add(mul(buffers.momentum_buffer ?? zerosLike(parameter), momentum), direction);
      buffers.momentum_buffer = direction;
    }
    parameter.assign(sub(parameter, mul(direction, lr)));
  }
}
