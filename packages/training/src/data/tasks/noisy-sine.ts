// Noisy sine forecasting: from a window of a noisy sine wave with a random phase, predict the
// next value. The smallest time-series task with a known best possible error.
import {
  ArgumentError,
  defaultGenerator,
  tensor,
  type Generator,
  type Tensor,
} from '@unroll/tensor';
import { checkInteger } from './check';

/** Options of {@link noisySine}. @category Data */
export interface NoisySineOptions {
  /** Steps `L` in each input window. */
  length: number;
  /** Number of windows `N`. */
  count: number;
  /** Standard deviation `σ` of the Gaussian noise added to every value (default 0.1). */
  noise?: number;
  /** Steps per cycle of the sine wave, `P` > 2 (default 20). */
  period?: number;
  /** Source of randomness (default: the global generator). */
  generator?: Generator;
}

/** The tensors of {@link noisySine}. @category Data */
export interface NoisySine {
  /** float32 `[N, L, 1]`: the window `x_0 … x_{L−1}`. */
  inputs: Tensor;
  /** float32 `[N, 1]`: the next value `x_L`, noise included. */
  targets: Tensor;
}

/**
 * Generates windows of a noisy sine wave, each with its own random phase `φ ~ U[0, 2π)`, and
 * the value that follows each window as the target:
 * ```math
 * x_t = sin(2πt/P + φ) + σ ε_t,   ε_t ~ N(0, 1),   t = 0 … L
 * ```
 * Baselines (mean squared error, averaged over phases): predicting 0 gives `1/2 + σ²`;
 * repeating the last value gives `1 − cos(2π/P) + 2σ²` (≈ 0.069 for `P = 20`, `σ = 0.1`); and
 * no model can beat `σ²`, the noise of the target itself. A good forecaster approaches `σ²`.
 * @param options - `length` (`L` ≥ 1), `count` (`N` ≥ 1), `noise` (`σ` ≥ 0, default 0.1),
 * `period` (`P` > 2, default 20) and an optional `generator`
 * @returns `inputs` float32 `[N, L, 1]` and `targets` float32 `[N, 1]`
 * @throws {ArgumentError} if `length` or `count` is not a positive integer, `noise` is negative,
 * or `period` is not greater than 2
 * @example
 * ```ts
 * const { inputs, targets } = noisySine({ length: 40, count: 256, generator: new Generator(0) });
 * // inputs [256, 40, 1], targets [256, 1]; the best possible MSE is 0.01
 * ```
 * @category Data
 */
export function noisySine(options: NoisySineOptions): NoisySine {
  const api = 'noisySine';
  const length = checkInteger(options.length, 1, api, 'options.length');
  const count = checkInteger(options.count, 1, api, 'options.count');
  const noise = options.noise ?? 0.1;
  const period = options.period ?? 20;
  if (!(noise >= 0 && Number.isFinite(noise))) {
    throw new ArgumentError(`${api}: options.noise must be a finite number ≥ 0, got ${noise}.`, {
      argument: 'options.noise',
    });
  }
  if (!(period > 2 && Number.isFinite(period))) {
    throw new ArgumentError(
      `${api}: options.period must be a finite number > 2 (steps per cycle), got ${period}.`,
      { argument: 'options.period' },
    );
  }
  const generator = options.generator ?? defaultGenerator;
  const omega = (2 * Math.PI) / period;
  const inputs = new Float32Array(count * length);
  const targets = new Float32Array(count);
  for (let n = 0; n < count; n++) {
    const phase = 2 * Math.PI * generator.nextFloat64();
    for (let t = 0; t <= length; t++) {
      const value = Math.sin(omega * t + phase) + noise * generator.nextNormal();
      if (t < length) inputs[n * length + t] = value;
      else targets[n] = value;
    }
  }
  return {
    inputs: tensor(inputs).reshape([count, length, 1]),
    targets: tensor(targets).reshape([count, 1]),
  };
}
