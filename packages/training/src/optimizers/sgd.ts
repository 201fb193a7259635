// Stochastic gradient descent with momentum, dampening, Nesterov momentum and L2 weight
// decay: PyTorch's torch.optim.SGD, including its rule for the first momentum step.
import type { Parameter } from '@unroll/autograd';
import { ArgumentError, type Tensor, add, mul, sub } from '@unroll/tensor';
import { Optimizer, type OptimizerHyperparameters, type ParameterState } from './optimizer';
import { checkBoolean, checkFinite, checkNonNegative } from './options';

/** Options of {@link SGD}. @category Optimizers */
export interface SGDOptions {
  /** Learning rate (required). */
  lr: number;
  /** Momentum factor μ (default 0: plain gradient descent). */
  momentum?: number;
  /** Dampening τ of the momentum's new gradient term (default 0). */
  dampening?: number;
  /** Use Nesterov momentum (default false; needs momentum > 0 and dampening 0). */
  nesterov?: boolean;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay?: number;
  /** Maximise the objective instead (default false). */
  maximize?: boolean;
}

/** The hyperparameters of {@link SGD}, all resolved. @category Optimizers */
export interface SGDHyperparameters extends OptimizerHyperparameters {
  /** Momentum factor. */
  momentum: number;
  /** Dampening of the momentum. */
  dampening: number;
  /** Whether to use Nesterov momentum. */
  nesterov: boolean;
  /** Weight decay λ. */
  weightDecay: number;
}

/**
 * Stochastic gradient descent, optionally with (Nesterov) momentum and weight decay.
 * ```math
 * g ← g + λ θ                                   (if λ ≠ 0)
 * b ← g                        on the first step (PyTorch: no dampening yet)
 * b ← μ b + (1 − τ) g          afterwards        (if μ ≠ 0)
 * g ← g + μ b  if nesterov,  else  g ← b        (if μ ≠ 0)
 * θ ← θ − lr · g
 * ```
 * State per parameter: `momentum_buffer` (when μ ≠ 0).
 * @param parameters - the parameters to update, e.g. `model.parameters()`
 * @param options - `lr` (required), `momentum` 0, `dampening` 0, `nesterov` false, `weightDecay` 0, `maximize` false
 * @throws {ArgumentError} for a negative `lr`, `momentum` or `weightDecay`, or Nesterov without
 *   momentum or with dampening
 * @example
 * ```ts
 * const optimizer = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * loss.backward();
 * optimizer.step();
 * ```
 * @see torch.optim.SGD
 * @category Optimizers
 */
export class SGD extends Optimizer<SGDHyperparameters> {
  constructor(parameters: Iterable<Parameter>, options: SGDOptions) {
    super(parameters, {
      lr: options?.lr,
      momentum: options?.momentum ?? 0,
      dampening: options?.dampening ?? 0,
      nesterov: options?.nesterov ?? false,
      weightDecay: options?.weightDecay ?? 0,
      maximize: options?.maximize ?? false,
    });
  }

  protected override get countsSteps(): boolean {
    return false;
  }

  protected checkOptions(options: SGDHyperparameters): void {
    checkNonNegative('SGD', 'lr', options.lr);
    checkNonNegative('SGD', 'momentum', options.momentum);
    checkFinite('SGD', 'dampening', options.dampening);
    checkNonNegative('SGD', 'weightDecay', options.weightDecay);
    checkBoolean('SGD', 'nesterov', options.nesterov);
    checkBoolean('SGD', 'maximize', options.maximize);
    if (options.nesterov && (options.momentum <= 0 || options.dampening !== 0)) {
      throw new ArgumentError(
        `SGD: options.nesterov needs momentum > 0 and dampening 0, got momentum ${options.momentum} and dampening ${options.dampening}.`,
        { argument: 'nesterov' },
      );
    }
  }

  protected bufferNames(options: SGDHyperparameters): readonly string[] {
    return options.momentum !== 0 ? ['momentum_buffer'] : [];
  }

  protected update(parameter: Parameter, gradient: Tensor, state: ParameterState): void {
    const { lr, momentum, dampening, nesterov, weightDecay } = this.options;
    let direction = weightDecay !== 0 ? add(gradient, mul(parameter, weightDecay)) : gradient;
    if (momentum !== 0) {
      const previous = state.buffers.momentum_buffer;
      const buffer =
        previous === undefined
          ? direction
          : add(mul(previous, momentum), mul(direction, 1 - dampening));
      state.buffers.momentum_buffer = buffer;
      direction = nesterov ? add(direction, mul(buffer, momentum)) : buffer;
    }
    parameter.assign(sub(parameter, mul(direction, lr)));
  }
}
