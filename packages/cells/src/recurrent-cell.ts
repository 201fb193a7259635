// The contract for cells the recurrent layers can run unfused: a step built from tensor ops,
// differentiated by autograd. The built-in cells' references and user cells (a layer-norm
// LSTM, say) implement it.
import type { Tensor } from '@unroll/tensor';

/**
 * A cell written with tensor ops, one step at a time. The recurrent layers run it over a
 * sequence without fusion (one graph node per op and step, autograd doing the backward),
 * handling variable lengths and the reverse direction themselves.
 *
 * A step takes `x` `[N, inputSize]` and the state tensors (`state[k]` is `[N, stateSizes[k]]`;
 * `state[0]` is h, the output), and returns the new state in the same layout.
 * @example
 * ```ts
 * const cell: RecurrentCell = {
 *   inputSize: 3, hiddenSize: 4, stateSizes: [4],
 *   step: (x, [h]) => [tanh(add(matmul(x, w1), matmul(h!, w2)))],
 *   parameters: () => [w1, w2],
 * };
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
