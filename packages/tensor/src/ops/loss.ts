// Fused softmax cross-entropy as ops: the per-row loss and its gradient, one pass over the
// logits each. `crossEntropy` in @unroll/training builds on them.
import { runKernel1 } from '../dispatch';
import { isFloatDType } from '../dtype';
import { ArgumentError } from '../errors/argument-error';
import { DTypeError } from '../errors/dtype-error';
import { ShapeError } from '../errors/shape-error';
import type { SoftmaxCrossEntropyAttrs } from '../kernels/loss';
import { formatShape } from '../shape';
import type { Tensor } from '../tensor';

/** Checks the operands both ops share; returns the attributes with defaults filled in. */
function check(
  api: string,
  logits: Tensor,
  target: Tensor,
  options: Partial<SoftmaxCrossEntropyAttrs>,
): SoftmaxCrossEntropyAttrs {
  const { ignoreIndex = -100, labelSmoothing = 0 } = options;
  if (!isFloatDType(logits.dtype))
    throw new DTypeError(`${api}: logits must be float32 or float64, got ${logits.dtype}.`);
  if (logits.rank !== 2) {
    throw new ShapeError(
      `${api}: logits must have shape [M, C], got ${formatShape(logits.shape)}.`,
      { argument: 'logits', expected: '[M, C]', actual: formatShape(logits.shape) },
    );
  }
  const [M = 0, C = 0] = logits.shape;
  if (target.dtype !== 'int32')
    throw new DTypeError(`${api}: target must hold int32 class indices, got ${target.dtype}.`);
  if (formatShape(target.shape) !== formatShape([M])) {
    throw new ShapeError(
      `${api}: target must have shape [${M}] (one class per row of logits ${formatShape(logits.shape)}), got ${formatShape(target.shape)}.`,
      { argument: 'target', expected: `[${M}]`, actual: formatShape(target.shape) },
    );
  }
  if (!Number.isInteger(ignoreIndex))
    throw new ArgumentError(`${api}: ignoreIndex must be an integer, got ${ignoreIndex}.`, {
      argument: 'ignoreIndex',
    });
  if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
    throw new ArgumentError(`${api}: labelSmoothing must be in [0, 1], got ${labelSmoothing}.`, {
      argument: 'labelSmoothing',
    });
  for (const t of target.data()) {
    if (t !== ignoreIndex && !(t >= 0 && t < C)) {
      throw new ArgumentError(
        `${api}: target must hold class indices in [0, ${C - 1}] (or ignoreIndex ${ignoreIndex}), got ${t}.`,
        { argument: 'target' },
      );
    }
  }
  return { ignoreIndex, labelSmoothing };
}

/**
 * Softmax cross-entropy of every row, fused (one pass over the logits, float64 sums):
 * ```math
 * loss_r = −Σ_c q_c · log softmax(x_r)_c,   q = (1 − ε)·onehot(t_r) + ε/C
 * ```
 * and 0 where `t_r` is `ignoreIndex`. Differentiable in the logits (the gradient is
 * {@link softmaxCrossEntropyBackward}, one pass too).
 * @param logits - `[M, C]` float
 * @param target - `[M]` int32 class indices in [0, C), or `ignoreIndex`
 * @param options - `ignoreIndex` (default −100), `labelSmoothing` ε in [0, 1] (default 0)
 * @returns the loss of every row `[M]`
 * @throws {ShapeError} if logits are not `[M, C]` or target not `[M]`
 * @throws {DTypeError} for non-float logits or a non-int32 target
 * @throws {ArgumentError} for a class index out of range, or bad options
 * @example
 * ```ts
 * softmaxCrossEntropy(tensor([[2, 0], [0, 0]]), tensor([0, 1], { dtype: 'int32' })); // [0.127, 0.693]
 * ```
 * @category Losses
 */
export function softmaxCrossEntropy(
  logits: Tensor,
  target: Tensor,
  options: Partial<SoftmaxCrossEntropyAttrs> = {},
): Tensor {
  const attrs = check('softmaxCrossEntropy', logits, target, options);
  return runKernel1('SoftmaxCrossEntropy', [logits, target], attrs);
}

/**
 * The gradient of {@link softmaxCrossEntropy} in the logits: `(softmax(x_r) − q) · dLoss_r`
 * per row, 0 for ignored rows. Autograd calls it; it is not itself differentiable.
 * @param logits - `[M, C]` float
 * @param target - `[M]` int32
 * @param dLoss - `[M]`, the gradient of the per-row losses
 * @param options - as for {@link softmaxCrossEntropy}
 * @returns `[M, C]`
 * @throws {ShapeError} if dLoss is not `[M]` (and as {@link softmaxCrossEntropy})
 * @category Losses
 */
export function softmaxCrossEntropyBackward(
  logits: Tensor,
  target: Tensor,
  dLoss: Tensor,
  options: Partial<SoftmaxCrossEntropyAttrs> = {},
): Tensor {
  const api = 'softmaxCrossEntropyBackward';
  const attrs = check(api, logits, target, options);
  const M = logits.shape[0] ?? 0;
  if (formatShape(dLoss.shape) !== formatShape([M]) || dLoss.dtype !== logits.dtype) {
    throw new ShapeError(
      `${api}: dLoss must be ${logits.dtype} with shape [${M}], got ${dLoss.dtype} ${formatShape(dLoss.shape)}.`,
      { argument: 'dLoss', expected: `[${M}]`, actual: formatShape(dLoss.shape) },
    );
  }
  return runKernel1('SoftmaxCrossEntropyGrad', [logits, target, dLoss], attrs);
}
