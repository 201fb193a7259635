// Reductions over axes (sum, mean, max, min, argmax, argmin, var, norm) and the composites
// that normalise along an axis (logsumexp, softmax, logSoftmax).
import { runKernel1 } from '../dispatch';
import { isFloatDType } from '../dtype';
import { ArgumentError } from '../errors/argument-error';
import { ShapeError } from '../errors/shape-error';
import { formatShape, normalizeAxes, normalizeAxis } from '../shape';
import type { Tensor, TensorLike } from '../tensor';
import { toTensor } from './convert';
import { abs, cast, div, exp, less, log, mul, pow, sqrt, sub, where, add } from './elementwise';
import { reshape } from './layout';

/** Axes to reduce over: one axis, a list, or `undefined` for all. @category Reductions */
export type Axes = number | readonly number[] | undefined;

function reduction(
  kernel: 'Sum' | 'Max' | 'Min',
  api: string,
  x: TensorLike,
  axis: Axes,
  keepdims: boolean,
): Tensor {
  const input = toTensor(x, api, 'x');
  return runKernel1(kernel, [input], { axes: normalizeAxes(axis, input.rank, api), keepdims });
}

/**
 * Sum over `axis` (all axes when omitted), keeping reduced axes as length 1 if `keepdims`.
 * @example
 * ```ts
 * sum(tensor([[1, 2], [3, 4]]), 0); // [4, 6]
 * ```
 * @see torch.sum
 * @category Reductions
 */
export function sum(x: TensorLike, axis?: Axes, keepdims = false): Tensor {
  return reduction('Sum', 'sum', x, axis, keepdims);
}

/** Mean over `axis` (all when omitted). Integer input gives float32. @see torch.mean @category Reductions */
export function mean(x: TensorLike, axis?: Axes, keepdims = false): Tensor {
  let input = toTensor(x, 'mean', 'x');
  if (!isFloatDType(input.dtype)) input = cast(input, 'float32');
  const axes = normalizeAxes(axis, input.rank, 'mean');
  const count = axes.reduce((total, a) => total * (input.shape[a] ?? 1), 1);
  return div(sum(input, axes, keepdims), count);
}

/**
 * Maximum over `axis` (all when omitted). The gradient is shared equally among tied maxima
 * (PyTorch's `amax`). NaN propagates.
 * @see torch.amax
 * @category Reductions
 */
export function max(x: TensorLike, axis?: Axes, keepdims = false): Tensor {
  return reduction('Max', 'max', x, axis, keepdims);
}

/** Minimum over `axis` (all when omitted); see {@link max}. @see torch.amin @category Reductions */
export function min(x: TensorLike, axis?: Axes, keepdims = false): Tensor {
  return reduction('Min', 'min', x, axis, keepdims);
}

function argReduction(
  kernel: 'ArgMax' | 'ArgMin',
  api: string,
  x: TensorLike,
  axis: number | undefined,
  keepdims: boolean,
): Tensor {
  let input = toTensor(x, api, 'x');
  if (axis === undefined) input = reshape(input, [-1]);
  const resolved = normalizeAxis(axis ?? 0, input.rank, api);
  if (input.rank === 0)
    return runKernel1(kernel, [reshape(input, [1])], { axis: 0, keepdims: false });
  if ((input.shape[resolved] ?? 0) === 0) {
    throw new ArgumentError(`${api}: x must not be empty along axis ${resolved}.`, {
      argument: 'x',
    });
  }
  return runKernel1(kernel, [input], { axis: resolved, keepdims: axis !== undefined && keepdims });
}

/** Index (int32) of the first maximum along `axis`, or in the flattened tensor when omitted. @see torch.argmax @category Reductions */
export function argmax(x: TensorLike, axis?: number, keepdims = false): Tensor {
  return argReduction('ArgMax', 'argmax', x, axis, keepdims);
}

/** Index (int32) of the first minimum along `axis`, or in the flattened tensor when omitted. @see torch.argmin @category Reductions */
export function argmin(x: TensorLike, axis?: number, keepdims = false): Tensor {
  return argReduction('ArgMin', 'argmin', x, axis, keepdims);
}

/**
 * `log(Σ exp(x))` over `axis`, computed stably by subtracting the maximum first.
 * @see torch.logsumexp
 * @category Reductions
 */
export function logsumexp(x: TensorLike, axis?: Axes, keepdims = false): Tensor {
  const input = toTensor(x, 'logsumexp', 'x');
  const axes = normalizeAxes(axis, input.rank, 'logsumexp');
  // The shift is a constant for differentiation; an infinite maximum is replaced by 0 so
  // that all -inf (or +inf) rows give -inf (or +inf) instead of NaN.
  const peak = max(input, axes, true).detach();
  const shift = where(less(abs(peak), Infinity), peak, 0);
  const total = add(log(sum(exp(sub(input, shift)), axes, true)), shift);
  return keepdims
    ? total
    : reshape(
        total,
        input.shape.filter((_, a) => !axes.includes(a)),
      );
}

/** `exp(x) / Σ exp(x)` along `axis` (default last). @see torch.softmax @category Reductions */
export function softmax(x: TensorLike, axis = -1): Tensor {
  const input = toTensor(x, 'softmax', 'x');
  return exp(logSoftmax(input, axis));
}

/** `x − logsumexp(x)` along `axis` (default last), stable for large logits. @see torch.log_softmax @category Reductions */
export function logSoftmax(x: TensorLike, axis = -1): Tensor {
  const input = toTensor(x, 'logSoftmax', 'x');
  const resolved = normalizeAxis(axis, input.rank, 'logSoftmax');
  return sub(input, logsumexp(input, resolved, true));
}

/**
 * The p-norm over `axis` (all when omitted): `(Σ |x|^p)^(1/p)`; `p = Infinity` gives the
 * largest |x|. Default p = 2.
 * @see torch.linalg.vector_norm
 * @category Reductions
 */
export function norm(x: TensorLike, p = 2, axis?: Axes, keepdims = false): Tensor {
  const input = toTensor(x, 'norm', 'x');
  if (!(p > 0)) throw new ArgumentError(`norm: p must be positive, got ${p}.`, { argument: 'p' });
  if (p === Infinity) return max(abs(input), axis, keepdims);
  if (p === 1) return sum(abs(input), axis, keepdims);
  if (p === 2) return sqrt(sum(mul(input, input), axis, keepdims));
  return pow(sum(pow(abs(input), p), axis, keepdims), 1 / p);
}

/** Options of {@link variance}. @category Reductions */
export interface VarianceOptions {
  /** Subtracted from the count in the denominator: 1 (default) is Bessel's correction, 0 the population variance. */
  correction?: number;
  /** Keep reduced axes as length 1. */
  keepdims?: boolean;
}

/**
 * Variance over `axis`: `Σ (x − mean)² / (n − correction)`.
 * @see torch.var
 * @category Reductions
 */
export function variance(
  x: TensorLike,
  axis?: Axes,
  { correction = 1, keepdims = false }: VarianceOptions = {},
): Tensor {
  let input = toTensor(x, 'var', 'x');
  if (!isFloatDType(input.dtype)) input = cast(input, 'float32');
  const axes = normalizeAxes(axis, input.rank, 'var');
  const count = axes.reduce((total, a) => total * (input.shape[a] ?? 1), 1);
  const centred = sub(input, mean(input, axes, true));
  const total = sum(mul(centred, centred), axes, keepdims);
  return div(total, Math.max(0, count - correction));
}

/**
 * Sums `x` down to `shape`, the inverse of broadcasting: extra leading axes and axes where
 * `shape` has length 1 are summed. Autograd uses it to return gradients of broadcast inputs.
 * @throws {ShapeError} if `shape` does not broadcast to `x`'s shape
 * @category Reductions
 */
export function sumTo(x: TensorLike, shape: readonly number[]): Tensor {
  const input = toTensor(x, 'sumTo', 'x');
  const offset = input.rank - shape.length;
  const fits =
    offset >= 0 && shape.every((length, a) => length === 1 || length === input.shape[a + offset]);
  if (!fits) {
    throw new ShapeError(
      `sumTo: shape ${formatShape(shape)} must broadcast to x's shape ${formatShape(input.shape)}.`,
      { argument: 'shape', expected: formatShape(input.shape), actual: formatShape(shape) },
    );
  }
  const axes = input.shape
    .map((length, a) => (a < offset || (shape[a - offset] === 1 && length !== 1) ? a : -1))
    .filter((a) => a >= 0);
  const reduced = axes.length > 0 ? sum(input, axes, true) : input;
  return reduced.rank === shape.length ? reduced : reshape(reduced, shape);
}
