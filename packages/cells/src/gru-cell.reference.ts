// The unfused GRU step from tensor ops: the oracle for the fused kernel in gru-cell.ts.
import type { Tensor } from '@unroll/tensor';
import { add, chunk, matmul, mul, sigmoid, sub, tanh } from '@unroll/tensor';

/** The GRU's tensors in PyTorch's layouts. @category Cells */
export interface GRUReferenceWeights {
  /** `[3H, H_in]`. */
  weightIh: Tensor;
  /** `[3H, H]`. */
  weightHh: Tensor;
  /** `[3H]` or null. */
  biasIh: Tensor | null;
  /** `[3H]` or null. */
  biasHh: Tensor | null;
}

/**
 * One GRU step from tensor ops (see {@link GRUCell} for the equations).
 * @param x - `[N, H_in]`
 * @param h - `[N, H]`
 * @returns h' `[N, H]`
 * @category Cells
 */
export function gruStepReference(
  x: Tensor,
  h: Tensor,
  weights: GRUReferenceWeights,
  resetAfter = true,
): Tensor {
  let inputPart = matmul(x, weights.weightIh, { transposeB: true });
  if (weights.biasIh !== null) inputPart = add(inputPart, weights.biasIh);
  const [xR, xZ, xN] = chunk(inputPart, 3, -1) as [Tensor, Tensor, Tensor];
  const [wR, wZ, wN] = chunk(weights.weightHh, 3, 0) as [Tensor, Tensor, Tensor];
  const [bR, bZ, bN] =
    weights.biasHh === null ? [0, 0, 0] : (chunk(weights.biasHh, 3, 0) as [Tensor, Tensor, Tensor]);
  const recurrent = (input: Tensor, w: Tensor, b: Tensor | number): Tensor =>
    add(matmul(input, w, { transposeB: true }), b);
  const r = sigmoid(add(xR, recurrent(h, wR, bR)));
  const z = sigmoid(add(xZ, recurrent(h, wZ, bZ)));
  const n = tanh(add(xN, resetAfter ? mul(r, recurrent(h, wN, bN)) : recurrent(mul(r, h), wN, bN)));
  return add(mul(sub(1, z), n), mul(z, h));
}
