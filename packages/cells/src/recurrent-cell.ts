// The contract for cells the recurrent layers can run unfused: a step built from tensor ops,
// differentiated by autograd. User cells (LayerNormLSTMCell is the worked example) implement
// it; the built-in cells' references are plain functions a few lines can wrap into one.
import type { Tensor } from '@unroll/tensor';

/**
 * A cell written with tensor ops, one step at a time. Make it a `Module` with its
 * parameters as fields so that `Recurrence` (and optimizers) find them. The recurrent layers run it over a
 * sequence without fusion (one graph node per op and step, autograd doing the backward),
 * handling variable lengths and the reverse direction themselves.
 *
 * A step takes `x` `[N, inputSize]` and the state tensors (`state[k]` is `[N, stateSizes[k]]`;
 * `state[0]` is h, the output), and returns the new state in the same layout.
 * @example
 * ```ts
 * class LeakyCell extends Module implements RecurrentCell {
 *   readonly inputSize = 3; readonly hiddenSize = 4; readonly stateSizes = [4];
 *   w = new Parameter(randn([3, 4]).mul(0.1));
 *   step(x: Tensor, [h]: readonly Tensor[]) { return [add(mul(h!, 0.5), tanh(matmul(x, this.w)))]; }
 * }
 * ```
 * @category Cells
 */
export interface RecurrentCell {
  /** Features per input step. */
  readonly inputSize: number;
  /** Size of h, the output of every step. */
  readonly hiddenSize: number;
  /** Sizes of the state tensors; `stateSizes[0]` is `hiddenSize`. */
  readonly stateSizes: readonly number[];
  /** One step: `(x [N, inputSize], state) → new state`. */
  step(x: Tensor, state: readonly Tensor[]): Tensor[];
}
