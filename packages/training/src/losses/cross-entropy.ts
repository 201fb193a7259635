// Cross-entropy between logits and integer class targets, PyTorch's `cross_entropy` with
// `ignoreIndex` and label smoothing, on the fused softmaxCrossEntropy op (log-sum-exp through
// each row's maximum, so extreme logits stay finite).
import {
  ArgumentError,
  DTypeError,
  ShapeError,
  Tensor,
  div,
  formatShape,
  permute,
  reshape,
  softmaxCrossEntropy,
  sum,
} from '@unroll/tensor';
import { type Reduction, checkFloatTensor, checkReduction } from './reduction';

/** Options of {@link crossEntropy}. @category Losses */
export interface CrossEntropyOptions {
  /** Targets equal to this value contribute nothing and are left out of the mean (default -100). */
  ignoreIndex?: number;
  /** ε in [0, 1]: mixes the one-hot target with the uniform distribution over classes (default 0). */
  labelSmoothing?: number;
  /** `'mean'` over non-ignored targets (default), `'sum'`, or `'none'`. */
  reduction?: Reduction;
}

const api = 'crossEntropy';

/** The target shape for `input`: its shape without the class axis. */
function targetShapeFor(input: Tensor): number[] {
  return input.shape.filter((_, axis) => axis !== (input.rank === 1 ? 0 : 1));
}

/** Checks the input's rank and the numeric options. */
function checkOptions(logits: Tensor, ignoreIndex: number, labelSmoothing: number): void {
  if (logits.rank === 0) {
    throw new ShapeError(`${api}: input must have shape [N, C], [C] or [N, C, d1, …], got [].`, {
      argument: 'input',
      expected: '[N, C]',
      actual: '[]',
    });
  }
  if (!Number.isInteger(ignoreIndex)) {
    throw new ArgumentError(`${api}: options.ignoreIndex must be an integer, got ${ignoreIndex}.`, {
      argument: 'ignoreIndex',
    });
  }
  if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
    throw new ArgumentError(
      `${api}: options.labelSmoothing must be in [0, 1], got ${labelSmoothing}.`,
      { argument: 'labelSmoothing' },
    );
  }
}

/** Checks the target's dtype, shape and values; returns how many targets are not ignored. */
function checkTarget(input: Tensor, target: unknown, ignoreIndex: number): number {
  if (!(target instanceof Tensor)) {
    throw new ArgumentError(
      `${api}: target must be a Tensor of class indices, got ${typeof target}.`,
      {
        argument: 'target',
      },
    );
  }
  const indices = target;
  if (indices.dtype !== 'int32') {
    throw new DTypeError(
      `${api}: target must hold int32 class indices, got dtype ${indices.dtype}. Hint: cast with target.to('int32'); class probabilities are not supported.`,
    );
  }
  const expected = targetShapeFor(input);
  if (formatShape(expected) !== formatShape(indices.shape)) {
    throw new ShapeError(
      `${api}: target must have shape ${formatShape(expected)} (input ${formatShape(input.shape)} without its class axis), got ${formatShape(indices.shape)}.`,
      { argument: 'target', expected: formatShape(expected), actual: formatShape(indices.shape) },
    );
  }
  const numClasses = input.shape[input.rank === 1 ? 0 : 1] ?? 0;
  let count = 0;
  for (const value of indices.data()) {
    if (value === ignoreIndex) continue;
    if (value < 0 || value >= numClasses) {
      throw new ArgumentError(
        `${api}: target must hold class indices in [0, ${numClasses - 1}] or ignoreIndex ${ignoreIndex}, got ${value}.`,
        { argument: 'target' },
      );
    }
    count++;
  }
  return count;
}

/**
 * Cross-entropy between unnormalised scores and class indices, with optional label smoothing.
 * ```math
 * log p[n, c] = logSoftmax(input, classAxis)[n, c]
 * ℓ[n]        = −(1 − ε) · log p[n, y[n]] − (ε / C) · Σ_c log p[n, c]    (0 where y[n] = ignoreIndex)
 * mean        = Σ_n ℓ[n] / #{n : y[n] ≠ ignoreIndex}
 * ```
 * The class axis is 1, as in PyTorch (axis 0 for unbatched `[C]` input), so a sequence model's
 * `[N, L, C]` output must be permuted to `[N, C, L]` or flattened to `[N·L, C]` first. The
 * log-softmax subtracts the row maximum, so logits of ±1e4 give finite losses and gradients.
 * @param input - logits, shape `[N, C]`, `[C]`, or `[N, C, d1, …]`; float32 or float64
 * @param target - int32 class indices in `[0, C)` (or `ignoreIndex`), shape `[N]`, `[]`, or `[N, d1, …]`
 * @param options - `ignoreIndex` (default -100), `labelSmoothing` ε (default 0), `reduction` (default `'mean'`)
 * @returns a scalar `[]` for `'mean'` and `'sum'`; the target's shape for `'none'`. The mean is
 *   NaN when every target is ignored (0 / 0, as in PyTorch).
 * @throws {ShapeError} if the target's shape is not the input's without its class axis
 * @throws {DTypeError} if the input is not float or the target is not int32
 * @throws {ArgumentError} for class indices out of range, ε outside [0, 1] or an unknown reduction
 * @example
 * ```ts
 * const logits = tensor([[2, 0, -1], [0.5, 0.5, 3]]);
 * const loss = crossEntropy(logits, tensor([0, 2], { dtype: 'int32' }));
 * loss.item(); // ≈ 0.1609
 * ```
 * @see torch.nn.functional.cross_entropy
 * @category Losses
 */
export function crossEntropy(
  input: Tensor,
  target: Tensor,
  options: CrossEntropyOptions = {},
): Tensor {
  const { ignoreIndex = -100, labelSmoothing = 0 } = options;
  const reduction = checkReduction(options.reduction ?? 'mean', api);
  const logits = checkFloatTensor(input, api, 'input');
  checkOptions(logits, ignoreIndex, labelSmoothing);
  const count = checkTarget(logits, target, ignoreIndex);
  // As rows [M, C] for the fused kernel (one pass forward, one backward): the class axis last.
  const numClasses = logits.shape[logits.rank === 1 ? 0 : 1] ?? 0;
  const moved =
    logits.rank <= 2
      ? logits
      : permute(logits, [0, ...logits.shape.slice(2).map((_, k) => k + 2), 1]);
  const rows = reshape(moved, [-1, numClasses]);
  const perRow = softmaxCrossEntropy(rows, reshape(target, [-1]), { ignoreIndex, labelSmoothing });
  const perElement = reshape(perRow, target.shape);
  if (reduction === 'none') return perElement;
  const total = sum(perElement);
  return reduction === 'sum' ? total : div(total, count);
}
