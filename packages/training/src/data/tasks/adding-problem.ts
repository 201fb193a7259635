// The adding problem (Hochreiter & Schmidhuber 1997; Le, Jaitly & Hinton 2015): sum the two
// marked numbers of a long sequence. It tests memory over `length` steps.
import { defaultGenerator, tensor, type Generator, type Tensor } from '@unroll/tensor';
import { checkInteger } from './check';

/** Options of {@link addingProblem}. @category Data */
export interface AddingProblemOptions {
  /** Time steps `L` per sequence, at least 2. */
  length: number;
  /** Number of sequences `N`. */
  count: number;
  /** Source of randomness (default: the global generator). */
  generator?: Generator;
}

/** The tensors of {@link addingProblem}. @category Data */
export interface AddingProblem {
  /** float32 `[N, L, 2]`: channel 0 holds the values, channel 1 the two-hot marker. */
  inputs: Tensor;
  /** float32 `[N, 1]`: the sum of the two marked values. */
  targets: Tensor;
}

/**
 * Generates the adding problem. Each sequence has `L` steps of two features: a value drawn
 * uniformly from [0, 1), and a marker that is 1 at exactly two steps (one in the first half,
 * `t₁ < ⌈L/2⌉`, one in the second, `t₂ ≥ ⌈L/2⌉`) and 0 elsewhere. The target is the sum of the two
 * marked values.
 * ```math
 * y = x_{t₁} + x_{t₂},   x_t ~ U[0, 1)
 * ```
 * Baseline: always predicting 1 (the mean of `y`) gives a mean squared error of
 * `Var(y) = 2 · 1/12 = 1/6 ≈ 0.167`. A model has learned the task when its MSE is well below
 * that; a vanilla RNN usually stalls at the baseline for `L` in the hundreds, where LSTM and GRU
 * get through.
 * @param options - `length` (`L` ≥ 2), `count` (`N` ≥ 1) and an optional `generator`
 * @returns `inputs` float32 `[N, L, 2]` and `targets` float32 `[N, 1]`
 * @throws {ArgumentError} if `length` < 2 or `count` is not a positive integer
 * @example
 * ```ts
 * const { inputs, targets } = addingProblem({ length: 100, count: 512, generator: new Generator(0) });
 * // inputs [512, 100, 2], targets [512, 1]; beat an MSE of 0.167
 * ```
 * @category Data
 */
export function addingProblem(options: AddingProblemOptions): AddingProblem {
  const api = 'addingProblem';
  const length = checkInteger(options.length, 2, api, 'options.length');
  const count = checkInteger(options.count, 1, api, 'options.count');
  const generator = options.generator ?? defaultGenerator;
  const half = Math.ceil(length / 2);
  const inputs = new Float32Array(count * length * 2);
  const targets = new Float32Array(count);
  for (let n = 0; n < count; n++) {
    const offset = n * length * 2;
    for (let t = 0; t < length; t++) inputs[offset + 2 * t] = generator.nextFloat32();
    const first = generator.nextInt(0, half);
    const second = generator.nextInt(half, length);
    inputs[offset + 2 * first + 1] = 1;
    inputs[offset + 2 * second + 1] = 1;
    // Sum the stored float32 values, so the target is exactly what the model can see.
    targets[n] = (inputs[offset + 2 * first] ?? 0) + (inputs[offset + 2 * second] ?? 0);
  }
  return {
    inputs: tensor(inputs).reshape([count, length, 2]),
    targets: tensor(targets).reshape([count, 1]),
  };
}
