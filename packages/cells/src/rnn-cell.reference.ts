// The unfused Elman RNN step from tensor ops: the oracle for the fused kernel in rnn-cell.ts.
import { relu, tanh, type Tensor } from '@unroll/tensor';
import { preActivation, type LSTMReferenceWeights } from './lstm-cell.reference';
import type { Nonlinearity } from './rnn-cell';

/**
 * One RNN step from tensor ops: `h' = act(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh)`.
 * @param x - `[N, H_in]`
 * @param h - `[N, H]`
 * @returns h' `[N, H]`
 * @category Cells
 */
export function rnnStepReference(
  x: Tensor,
  h: Tensor,
  weights: Pick<LSTMReferenceWeights, 'weightIh' | 'weightHh' | 'biasIh' | 'biasHh'>,
  nonlinearity: Nonlinearity = 'tanh',
): Tensor {
  const pre = preActivation(x, h, weights);
  return nonlinearity === 'tanh' ? tanh(pre) : relu(pre);
}
