// Random tensors drawn from a Generator: uniform, normal, integers and permutations.
import { allocateTypedArray } from '../dtype';
import { ArgumentError } from '../errors/argument-error';
import { defaultGenerator, type Generator } from '../random';
import { sizeOf, type Shape } from '../shape';
import type { Tensor } from '../tensor';
import { fromValues, type TensorOptions } from './convert';
import { checkShape, resolveDType } from './creation';

/** Options of the random creation functions. @category Random */
export interface RandomOptions extends TensorOptions {
  /** The generator to draw from (default: the one {@link manualSeed} seeds). */
  generator?: Generator;
}

function draw(
  api: string,
  shape: Shape,
  options: RandomOptions,
  sample: (generator: Generator, float32: boolean) => number,
): Tensor {
  checkShape(shape, api);
  const dtype = resolveDType(options.dtype, api);
  const generator = options.generator ?? defaultGenerator;
  const values = allocateTypedArray(dtype, sizeOf(shape));
  for (let k = 0; k < values.length; k++) values[k] = sample(generator, dtype === 'float32');
  const result = fromValues(values, shape);
  if (options.requiresGrad === true) result.requiresGrad = true;
  return result;
}

/**
 * Uniform samples in `[low, high)`.
 * @example
 * ```ts
 * uniform([3, 4], -0.1, 0.1, { generator: new Generator(0) });
 * ```
 * @see torch.Tensor.uniform_
 * @category Random
 */
export function uniform(shape: Shape, low = 0, high = 1, options: RandomOptions = {}): Tensor {
  if (!(low <= high)) {
    throw new ArgumentError(`uniform: low must not exceed high, got low ${low} and high ${high}.`, {
      argument: 'low',
    });
  }
  return draw(
    'uniform',
    shape,
    options,
    (g, float32) => low + (high - low) * (float32 ? g.nextFloat32() : g.nextFloat64()),
  );
}

/** Uniform samples in `[0, 1)`. @see torch.rand @category Random */
export function rand(shape: Shape, options: RandomOptions = {}): Tensor {
  return uniform(shape, 0, 1, options);
}

/** Normal samples with the given mean and standard deviation. @see torch.normal @category Random */
export function normal(shape: Shape, mean = 0, std = 1, options: RandomOptions = {}): Tensor {
  if (!(std >= 0)) {
    throw new ArgumentError(`normal: std must be non-negative, got ${std}.`, { argument: 'std' });
  }
  return draw('normal', shape, options, (g) => mean + std * g.nextNormal());
}

/** Standard normal samples. @see torch.randn @category Random */
export function randn(shape: Shape, options: RandomOptions = {}): Tensor {
  return normal(shape, 0, 1, options);
}

/** Uniform samples in `[0, 1)` with `like`'s shape and dtype. @see torch.rand_like @category Random */
export function randLike(like: Tensor, options: RandomOptions = {}): Tensor {
  return rand(like.shape, { dtype: like.dtype, ...options });
}

/** Standard normal samples with `like`'s shape and dtype. @see torch.randn_like @category Random */
export function randnLike(like: Tensor, options: RandomOptions = {}): Tensor {
  return randn(like.shape, { dtype: like.dtype, ...options });
}

/**
 * Uniform integers in `[low, high)` (int32 unless `dtype` says otherwise).
 * @see torch.randint
 * @category Random
 */
export function randint(
  low: number,
  high: number,
  shape: Shape,
  options: RandomOptions = {},
): Tensor {
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low || high - low > 4294967296) {
    throw new ArgumentError(
      `randint: low and high must be integers with low < high (a range of at most 2^32), got low ${low} and high ${high}.`,
      { argument: 'high' },
    );
  }
  return draw('randint', shape, { dtype: 'int32', ...options }, (g) => g.nextInt(low, high));
}

/**
 * A random permutation of `0 … n-1` (int32), by Fisher–Yates.
 * @see torch.randperm
 * @category Random
 */
export function randperm(
  n: number,
  options: Omit<RandomOptions, 'dtype' | 'requiresGrad'> = {},
): Tensor {
  checkShape([n], 'randperm', 'n');
  const generator = options.generator ?? defaultGenerator;
  const values = allocateTypedArray('int32', n);
  for (let k = 0; k < n; k++) values[k] = k;
  for (let k = n - 1; k > 0; k--) {
    const j = generator.nextInt(0, k + 1);
    const held = values[k] ?? 0;
    values[k] = values[j] ?? 0;
    values[j] = held;
  }
  return fromValues(values, [n]);
}
