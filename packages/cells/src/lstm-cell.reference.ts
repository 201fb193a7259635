// The unfused LSTM step, written with tensor ops and differentiated by autograd: the oracle
// the fused kernel in lstm-cell.ts is tested against.
import type { Tensor } from '@unroll/tensor';
import { add, chunk, matmul, mul, sigmoid, sub, tanh } from '@unroll/tensor';
import type { LSTMVariant } from './lstm-cell';

/** The LSTM's tensors, in PyTorch's layouts; absent ones are null. @category Cells */
export interface LSTMReferenceWeights {
  /** `[G·H, H_in]`. */
  weightIh: Tensor;
  /** `[G·H, R]`. */
  weightHh: Tensor;
  /** `[G·H]` or null. */
  biasIh: Tensor | null;
  /** `[G·H]` or null. */
  biasHh: Tensor | null;
  /** `[H]` or null. */
  peepholeI: Tensor | null;
  /** `[H]` or null. */
  peepholeF: Tensor | null;
  /** `[H]` or null. */
  peepholeO: Tensor | null;
  /** `[P, H]` or null. */
  weightHr: Tensor | null;
}

/** `x W_ihᵀ + b_ih + h W_hhᵀ + b_hh` for any cell. @internal */
export function preActivation(
  x: Tensor,
  h: Tensor,
  weights: Pick<LSTMReferenceWeights, 'weightIh' | 'weightHh' | 'biasIh' | 'biasHh'>,
): Tensor {
  let result = add(
    matmul(x, weights.weightIh, { transposeB: true }),
    matmul(h, weights.weightHh, { transposeB: true }),
  );
  if (weights.biasIh !== null) result = add(result, weights.biasIh);
  if (weights.biasHh !== null) result = add(result, weights.biasHh);
  return result;
}

/**
 * One LSTM step from tensor ops (see {@link LSTMCell} for the equations).
 * @param x - `[N, H_in]`
 * @param state - `[h [N, R], c [N, H]]`
 * @returns `[h' [N, R], c' [N, H]]`
 * @category Cells
 */
export function lstmStepReference(
  x: Tensor,
  [h, c]: readonly [Tensor, Tensor],
  weights: LSTMReferenceWeights,
  { peephole = false, coupled = false }: LSTMVariant = {},
): [Tensor, Tensor] {
  const blocks = chunk(preActivation(x, h, weights), coupled ? 3 : 4, -1);
  const [preI, preF, preG, preO] = coupled ? [null, blocks[0], blocks[1], blocks[2]] : blocks;
  const peek = (pre: Tensor, p: Tensor | null, state: Tensor): Tensor =>
    peephole && p !== null ? add(pre, mul(p, state)) : pre;
  const f = sigmoid(peek(preF as Tensor, weights.peepholeF, c));
  const i = coupled ? sub(1, f) : sigmoid(peek(preI as Tensor, weights.peepholeI, c));
  const g = tanh(preG as Tensor);
  const cNext = add(mul(f, c), mul(i, g));
  const o = sigmoid(peek(preO as Tensor, weights.peepholeO, cNext));
  const m = mul(o, tanh(cNext));
  return [weights.weightHr === null ? m : matmul(m, weights.weightHr, { transposeB: true }), cNext];
}
