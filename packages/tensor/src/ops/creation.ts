// Creation functions: constant tensors, ranges, identity matrices and their *Like forms.
import { allocateTypedArray, isDType, type DType } from '../dtype';
import { ArgumentError } from '../errors/argument-error';
import { DTypeError } from '../errors/dtype-error';
import { sizeOf, type Shape } from '../shape';
import type { Tensor } from '../tensor';
import { fromValues, type TensorOptions } from './convert';

/** Validates a shape argument (non-negative integers). @internal */
export function checkShape(shape: Shape, api: string, argument = 'shape'): void {
  if (!Array.isArray(shape) || !shape.every((length) => Number.isInteger(length) && length >= 0)) {
    throw new ArgumentError(
      `${api}: ${argument} must be an array of non-negative integers, got ${JSON.stringify(shape)}.`,
      { argument },
    );
  }
}

/** Resolves and validates a dtype option. @internal */
export function resolveDType(
  dtype: DType | undefined,
  api: string,
  fallback: DType = 'float32',
): DType {
  if (dtype === undefined) return fallback;
  if (!isDType(dtype)) {
    throw new DTypeError(
      `${api}: options.dtype must be 'float32', 'float64' or 'int32', got ${JSON.stringify(dtype)}.`,
    );
  }
  return dtype;
}

function finish(result: Tensor, options: TensorOptions): Tensor {
  if (options.requiresGrad === true) result.requiresGrad = true;
  return result;
}

/**
 * A tensor of the given shape filled with `value`.
 * @param shape - e.g. `[2, 3]`; `[]` for a scalar
 * @param value - the fill value
 * @param options - `dtype` (default `float32`) and `requiresGrad`
 * @example
 * ```ts
 * full([2, 2], 7); // [[7, 7], [7, 7]]
 * ```
 * @see torch.full
 * @category Creation
 */
export function full(shape: Shape, value: number, options: TensorOptions = {}): Tensor {
  checkShape(shape, 'full');
  const values = allocateTypedArray(resolveDType(options.dtype, 'full'), sizeOf(shape));
  values.fill(value);
  return finish(fromValues(values, shape), options);
}

/** A tensor of zeros. @example `zeros([2, 3])` @see torch.zeros @category Creation */
export function zeros(shape: Shape, options: TensorOptions = {}): Tensor {
  checkShape(shape, 'zeros');
  return finish(
    fromValues(allocateTypedArray(resolveDType(options.dtype, 'zeros'), sizeOf(shape)), shape),
    options,
  );
}

/** A tensor of ones. @example `ones([3])` @see torch.ones @category Creation */
export function ones(shape: Shape, options: TensorOptions = {}): Tensor {
  checkShape(shape, 'ones');
  return full(shape, 1, options);
}

/** Zeros with `like`'s shape and (unless given) dtype. @see torch.zeros_like @category Creation */
export function zerosLike(like: Tensor, options: TensorOptions = {}): Tensor {
  return zeros(like.shape, { dtype: like.dtype, ...options });
}

/** Ones with `like`'s shape and (unless given) dtype. @see torch.ones_like @category Creation */
export function onesLike(like: Tensor, options: TensorOptions = {}): Tensor {
  return ones(like.shape, { dtype: like.dtype, ...options });
}

/** `value` everywhere, with `like`'s shape and (unless given) dtype. @see torch.full_like @category Creation */
export function fullLike(like: Tensor, value: number, options: TensorOptions = {}): Tensor {
  return full(like.shape, value, { dtype: like.dtype, ...options });
}

/**
 * Values from `start` (inclusive) to `stop` (exclusive) in steps of `step`. With one
 * argument, the range `[0, start)`. The dtype is `int32` when every argument is an integer,
 * else `float32`.
 * @example
 * ```ts
 * arange(5);         // [0, 1, 2, 3, 4] (int32)
 * arange(0, 1, 0.25); // [0, 0.25, 0.5, 0.75]
 * ```
 * @see torch.arange
 * @category Creation
 */
export function arange(
  start: number,
  stop?: number,
  step = 1,
  options: TensorOptions = {},
): Tensor {
  const [from, to] = stop === undefined ? [0, start] : [start, stop];
  if (!Number.isFinite(from) || !Number.isFinite(to) || !Number.isFinite(step) || step === 0) {
    throw new ArgumentError(
      `arange: start, stop and step must be finite and step non-zero, got start ${from}, stop ${to}, step ${step}.`,
      { argument: 'step' },
    );
  }
  const integral = Number.isInteger(from) && Number.isInteger(to) && Number.isInteger(step);
  const dtype = resolveDType(options.dtype, 'arange', integral ? 'int32' : 'float32');
  const length = Math.max(0, Math.ceil((to - from) / step));
  const values = allocateTypedArray(dtype, length);
  for (let k = 0; k < length; k++) values[k] = from + k * step;
  return finish(fromValues(values, [length]), options);
}

/**
 * `steps` evenly spaced values from `start` to `stop`, both included.
 * @example
 * ```ts
 * linspace(0, 1, 5); // [0, 0.25, 0.5, 0.75, 1]
 * ```
 * @see torch.linspace
 * @category Creation
 */
export function linspace(
  start: number,
  stop: number,
  steps: number,
  options: TensorOptions = {},
): Tensor {
  if (!Number.isInteger(steps) || steps < 0) {
    throw new ArgumentError(`linspace: steps must be a non-negative integer, got ${steps}.`, {
      argument: 'steps',
    });
  }
  const values = allocateTypedArray(resolveDType(options.dtype, 'linspace'), steps);
  const delta = steps > 1 ? (stop - start) / (steps - 1) : 0;
  // Fill from both ends so that the last value is exactly `stop`, as PyTorch does.
  const half = Math.floor(steps / 2);
  for (let k = 0; k < steps; k++)
    values[k] = k < half ? start + k * delta : stop - (steps - 1 - k) * delta;
  // One step gives `start` (PyTorch), not the `stop` the backward fill would write.
  if (steps === 1) values[0] = start;
  return finish(fromValues(values, [steps]), options);
}

/**
 * The `n × m` identity matrix (ones on the diagonal).
 * @param n - rows
 * @param m - columns (default `n`)
 * @see torch.eye
 * @category Creation
 */
export function eye(n: number, m = n, options: TensorOptions = {}): Tensor {
  checkShape([n, m], 'eye', 'n, m');
  const values = allocateTypedArray(resolveDType(options.dtype, 'eye'), n * m);
  for (let k = 0; k < Math.min(n, m); k++) values[k * m + k] = 1;
  return finish(fromValues(values, [n, m]), options);
}
