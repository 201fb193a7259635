// The `reduction` option every loss shares, and the argument checks the losses have in
// common (a float input, a target of the same shape), so each loss file holds only its math.
import {
  ArgumentError,
  DTypeError,
  ShapeError,
  Tensor,
  formatShape,
  isFloatDType,
  mean,
  sum,
} from '@unroll/tensor';

/**
 * How a loss combines its per-element values: `'mean'` averages them, `'sum'` adds them and
 * `'none'` returns them unreduced.
 * @see torch.nn.functional (the `reduction` argument of every loss)
 * @category Losses
 */
export type Reduction = 'mean' | 'sum' | 'none';

const reductions: readonly string[] = ['mean', 'sum', 'none'];

/** Throws unless `reduction` is one of the three modes. @internal */
export function checkReduction(reduction: unknown, api: string): Reduction {
  if (typeof reduction !== 'string' || !reductions.includes(reduction)) {
    throw new ArgumentError(
      `${api}: options.reduction must be 'mean', 'sum' or 'none', got ${JSON.stringify(reduction)}.`,
      { argument: 'reduction' },
    );
  }
  return reduction as Reduction;
}

/** Applies a reduction to per-element losses (the mean of an empty loss is NaN, as in PyTorch). @internal */
export function reduce(loss: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return loss;
  return reduction === 'sum' ? sum(loss) : mean(loss);
}

/** Throws unless `value` is a float tensor. @internal */
export function checkFloatTensor(value: unknown, api: string, argument: string): Tensor {
  if (!(value instanceof Tensor)) {
    throw new ArgumentError(`${api}: ${argument} must be a Tensor, got ${typeof value}.`, {
      argument,
    });
  }
  if (!isFloatDType(value.dtype)) {
    throw new DTypeError(
      `${api}: ${argument} must have dtype float32 or float64, got ${value.dtype}. Hint: cast with ${argument}.to('float32').`,
    );
  }
  return value;
}

/** Throws unless `input` and `target` are float tensors of the same shape. @internal */
export function checkSameShape(api: string, input: unknown, target: unknown): [Tensor, Tensor] {
  const x = checkFloatTensor(input, api, 'input');
  const y = checkFloatTensor(target, api, 'target');
  if (formatShape(x.shape) !== formatShape(y.shape)) {
    throw new ShapeError(
      `${api}: target must have the shape of input ${formatShape(x.shape)}, got ${formatShape(y.shape)}. Hint: reshape one of them; losses do not broadcast.`,
      { argument: 'target', expected: formatShape(x.shape), actual: formatShape(y.shape) },
    );
  }
  return [x, y];
}
