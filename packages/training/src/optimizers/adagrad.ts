// Adagrad: per-coordinate steps divided by the root of the summed squared gradients, with
// learning-rate decay, as torch.optim.Adagrad computes them.
import type { Parameter } from '@unroll/autograd';
import { type Tensor, add, div, fullLike, mul, sqrt, square, sub } from '@unroll/tensor';
import { Optimizer, type OptimizerHyperparameters, type ParameterState } from './optimizer';
import { checkBoolean, checkNonNegative } from './options';

/** Options of {@link Adagrad}. @category Optimizers */
export interface AdagradOptions {
  /** Learning rate (default 0.01). */
  lr?: number;
  /** Learning-rate decay η (default 0). */
  lrDecay?: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay?: number;
  /** Starting value of the sum of squared gradients (default 0). */
  initialAccumulatorValue?: number;
  /** Added to the root for stability (default 1e-10). */
  eps?: number;
  /** Maximise the objective instead (default false). */
  maximize?: boolean;
}

/** The hyperparameters of {@link Adagrad}, all resolved. @category Optimizers */
export interface AdagradHyperparameters extends OptimizerHyperparameters {
  /** Learning-rate decay per step. */
  lrDecay: number;
  /** Weight decay λ. */
  weightDecay: number;
  /** Starting value of the squared-gradient sum. */
  initialAccumulatorValue: number;
  /** Added to the denominator for stability. */
  eps: number;
}

/**
 * Adagrad: each coordinate's step shrinks with the total squared gradient it has seen.
 * ```math
 * g ← g + λ θ                         (if λ ≠ 0)
 * γ = lr / (1 + (k − 1) η)
 * s ← s + g²                          (s starts at initialAccumulatorValue)
 * θ ← θ − γ · g / (sqrt(s) + eps)
 * ```
 * `k` counts this parameter's updates. State per parameter: `sum` (s) and `step` (k).
 * @param parameters - the parameters to update, e.g. `model.parameters()`
 * @param options - `lr` 0.01, `lrDecay` 0, `weightDecay` 0, `initialAccumulatorValue` 0, `eps` 1e-10, `maximize` false
 * @throws {ArgumentError} for a negative `lr`, `lrDecay`, `weightDecay`, `initialAccumulatorValue` or `eps`
 * @example
 * ```ts
 * const optimizer = new Adagrad(model.parameters(), { lr: 0.1 });
 * loss.backward();
 * optimizer.step();
 * ```
 * @see torch.optim.Adagrad
 * @category Optimizers
 */
export class Adagrad extends Optimizer<AdagradHyperparameters> {
  constructor(parameters: Iterable<Parameter>, options: AdagradOptions = {}) {
    super(parameters, {
      lr: options.lr ?? 1e-2,
      lrDecay: options.lrDecay ?? 0,
      weightDecay: options.weightDecay ?? 0,
      initialAccumulatorValue: options.initialAccumulatorValue ?? 0,
      eps: options.eps ?? 1e-10,
      maximize: options.maximize ?? false,
    });
  }

  protected checkOptions(options: AdagradHyperparameters): void {
    checkNonNegative('Adagrad', 'lr', options.lr);
    checkNonNegative('Adagrad', 'lrDecay', options.lrDecay);
    checkNonNegative('Adagrad', 'weightDecay', options.weightDecay);
    checkNonNegative('Adagrad', 'initialAccumulatorValue', options.initialAccumulatorValue);
    checkNonNegative('Adagrad', 'eps', options.eps);
    checkBoolean('Adagrad', 'maximize', options.maximize);
  }

  protected bufferNames(): readonly string[] {
    return ['sum'];
  }

  protected update(parameter: Parameter, gradient: Tensor, state: ParameterState): void {
    const { lr, lrDecay, weightDecay, initialAccumulatorValue, eps } = this.options;
    const g = weightDecay !== 0 ? add(gradient, mul(parameter, weightDecay)) : gradient;
    const stepSize = lr / (1 + (state.step - 1) * lrDecay);
    const sum = add(state.buffers.sum ?? fullLike(parameter, initialAccumulatorValue), square(g));
    state.buffers.sum = sum;
    parameter.assign(sub(parameter, mul(div(g, add(sqrt(sum), eps)), stepSize)));
  }
}
