// Classification accuracy: how often the arg-max of the logits is the target class.
import { ArgumentError, DTypeError, ShapeError, Tensor, argmax, formatShape } from '@unroll/tensor';

/** Options of {@link accuracy}. @category Metrics */
export interface AccuracyOptions {
  /** Targets equal to this value are left out (default -100, as in `crossEntropy`). */
  ignoreIndex?: number;
}

/**
 * The fraction of predictions whose highest logit (over the last axis) is the target class.
 * ```math
 * accuracy = #{i : argmax_c logits[i, c] = y[i], y[i] ≠ ignoreIndex} / #{i : y[i] ≠ ignoreIndex}
 * ```
 * The class axis is the last one (so `[N, L, C]` sequence outputs need no reshaping), unlike
 * `crossEntropy`, which follows PyTorch and uses axis 1. Ties go to the lowest class index.
 * @param logits - scores, shape `[..., C]`; any dtype
 * @param targets - int32 class indices in `[0, C)` (or `ignoreIndex`), shape `[...]` (the logits' without the last axis)
 * @param options - `ignoreIndex` (default -100)
 * @returns a number in [0, 1]; NaN when every target is ignored
 * @throws {ShapeError} if the targets' shape is not the logits' without the last axis
 * @throws {DTypeError} if the targets are not int32
 * @throws {ArgumentError} for a class index outside `[0, C)`
 * @example
 * ```ts
 * accuracy(tensor([[2, 1], [0, 3]]), tensor([0, 0], { dtype: 'int32' })); // 0.5
 * ```
 * @see torchmetrics.classification.MulticlassAccuracy (micro average)
 * @category Metrics
 */
export function accuracy(logits: Tensor, targets: Tensor, options: AccuracyOptions = {}): number {
  const { ignoreIndex = -100 } = options;
  if (!(logits instanceof Tensor) || logits.rank === 0) {
    throw new ShapeError(
      `accuracy: logits must be a tensor of shape [..., C], got ${logits instanceof Tensor ? '[]' : typeof logits}.`,
      { argument: 'logits' },
    );
  }
  if (!(targets instanceof Tensor) || targets.dtype !== 'int32') {
    throw new DTypeError(
      `accuracy: targets must be an int32 tensor of class indices, got ${targets instanceof Tensor ? `dtype ${targets.dtype}` : typeof targets}. Hint: cast with targets.to('int32').`,
    );
  }
  const expected = logits.shape.slice(0, -1);
  if (formatShape(expected) !== formatShape(targets.shape)) {
    throw new ShapeError(
      `accuracy: targets must have shape ${formatShape(expected)} (logits ${formatShape(logits.shape)} without the class axis), got ${formatShape(targets.shape)}.`,
      { argument: 'targets', expected: formatShape(expected), actual: formatShape(targets.shape) },
    );
  }
  const numClasses = logits.shape[logits.rank - 1] ?? 0;
  const predicted = argmax(logits, -1).data();
  let correct = 0;
  let counted = 0;
  targets.data().forEach((target, i) => {
    if (target === ignoreIndex) return;
    if (target < 0 || target >= numClasses) {
      throw new ArgumentError(
        `accuracy: targets must hold class indices in [0, ${numClasses - 1}] or ignoreIndex ${ignoreIndex}, got ${target}.`,
        { argument: 'targets' },
      );
    }
    counted++;
    if (predicted[i] === target) correct++;
  });
  return correct / counted;
}
