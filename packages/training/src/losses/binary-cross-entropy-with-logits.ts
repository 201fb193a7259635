// Binary cross-entropy on logits (PyTorch's `binary_cross_entropy_with_logits`), written with
// softplus so that no logit, however large, overflows exp or takes the log of 0.
import { ShapeError, type Tensor, add, formatShape, mul, neg, softplus, sub } from '@unroll/tensor';
import {
  type Reduction,
  checkFloatTensor,
  checkReduction,
  checkSameShape,
  reduce,
} from './reduction';

/** Options of {@link binaryCrossEntropyWithLogits}. @category Losses */
export interface BinaryCrossEntropyWithLogitsOptions {
  /** `'mean'` (default), `'sum'` or `'none'`. */
  reduction?: Reduction;
  /** Weight `p` of the positive term, broadcast against the input (usually one per class, shape `[C]`). */
  posWeight?: Tensor;
  /** Rescaling weight `w` of each element's loss, broadcast against the input. */
  weight?: Tensor;
}

const api = 'binaryCrossEntropyWithLogits';

/** Throws unless `value` broadcasts to `shape` without enlarging it. */
function checkBroadcastsTo(value: unknown, shape: readonly number[], argument: string): Tensor {
  const tensor = checkFloatTensor(value, api, argument);
  const offset = shape.length - tensor.rank;
  const fits =
    offset >= 0 &&
    tensor.shape.every((length, axis) => length === 1 || length === shape[axis + offset]);
  if (!fits) {
    throw new ShapeError(
      `${api}: options.${argument} must broadcast to the input's shape ${formatShape(shape)}, got ${formatShape(tensor.shape)}.`,
      { argument, expected: formatShape(shape), actual: formatShape(tensor.shape) },
    );
  }
  return tensor;
}

/**
 * Binary cross-entropy between logits `x` and targets `y ∈ [0, 1]`, stable for any |x|.
 * ```math
 * ℓ = −w · [ p · y · log σ(x) + (1 − y) · log(1 − σ(x)) ]
 *   = w · [ (1 − y) · x + (1 + (p − 1) · y) · softplus(−x) ]
 * ```
 * The second form never evaluates `exp` of a large positive number: `softplus(−x)` is
 * computed as `max(−x, 0) + log1p(e^{−|x|})`.
 * @param input - logits `x`, any shape; float32 or float64
 * @param target - targets `y` (probabilities, usually 0 or 1), the input's shape; float
 * @param options - `reduction` (default `'mean'`), `posWeight` p and `weight` w (both default 1)
 * @returns a scalar `[]` for `'mean'` and `'sum'`; the input's shape for `'none'`
 * @throws {ShapeError} if the target's shape differs from the input's, or a weight does not broadcast to it
 * @throws {DTypeError} if the input, the target or a weight is not float
 * @throws {ArgumentError} for an unknown reduction
 * @example
 * ```ts
 * const loss = binaryCrossEntropyWithLogits(tensor([3, -2]), tensor([1, 0]));
 * loss.item(); // ≈ 0.0877
 * ```
 * @see torch.nn.functional.binary_cross_entropy_with_logits
 * @category Losses
 */
export function binaryCrossEntropyWithLogits(
  input: Tensor,
  target: Tensor,
  options: BinaryCrossEntropyWithLogitsOptions = {},
): Tensor {
  const reduction = checkReduction(options.reduction ?? 'mean', api);
  const [x, y] = checkSameShape(api, input, target);
  const negativeTerm = mul(sub(1, y), x);
  let positiveWeight: Tensor | number = 1;
  if (options.posWeight !== undefined) {
    const p = checkBroadcastsTo(options.posWeight, x.shape, 'posWeight');
    positiveWeight = add(1, mul(sub(p, 1), y));
  }
  let loss = add(negativeTerm, mul(positiveWeight, softplus(neg(x))));
  if (options.weight !== undefined)
    loss = mul(loss, checkBroadcastsTo(options.weight, x.shape, 'weight'));
  return reduce(loss, reduction);
}
