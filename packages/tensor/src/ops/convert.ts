// Converting user values into tensors: nested arrays, typed arrays and numbers. Used by
// `tensor()` and by every op that accepts a TensorLike, so errors can name the argument.
import { getBackend } from '../backends';
import {
  allocateTypedArray,
  dtypeOfTypedArray,
  isDType,
  type DType,
  type TypedArray,
} from '../dtype';
import { ArgumentError } from '../errors/argument-error';
import { DTypeError } from '../errors/dtype-error';
import { ShapeError } from '../errors/shape-error';
import { formatShape, sizeOf, type Shape } from '../shape';
import { Tensor, type TensorLike } from '../tensor';

/** Options of {@link tensor} and the creation functions. @category Creation */
export interface TensorOptions {
  /** Element type; inferred from the data when omitted (`float32` for numbers). */
  dtype?: DType;
  /** Record operations on the new tensor for autograd. */
  requiresGrad?: boolean;
}

/** Wraps freshly allocated values (the caller hands them over) as a tensor on the current backend. @internal */
export function fromValues(values: TypedArray, shape: Shape): Tensor {
  const backend = getBackend();
  return Tensor.fromHandle(backend.write(values), shape, dtypeOfTypedArray(values), backend);
}

function isTypedArray(value: unknown): value is TypedArray {
  return (
    value instanceof Float32Array || value instanceof Float64Array || value instanceof Int32Array
  );
}

function inferShape(data: unknown): number[] {
  const shape: number[] = [];
  let level: unknown = data;
  while (Array.isArray(level) || isTypedArray(level)) {
    shape.push(level.length);
    level = level[0];
  }
  return shape;
}

function flattenInto(
  data: unknown,
  shape: readonly number[],
  axis: number,
  out: TypedArray,
  position: { next: number },
  context: { api: string; argument: string; path: number[] },
): void {
  if (axis === shape.length) {
    if (typeof data !== 'number' && typeof data !== 'boolean') {
      throw new ArgumentError(
        `${context.api}: ${context.argument} must hold only numbers, got ${Array.isArray(data) ? 'an array' : typeof data} at [${context.path.join(', ')}].`,
        { argument: context.argument },
      );
    }
    out[position.next++] = Number(data);
    return;
  }
  const items = data as ArrayLike<unknown>;
  const expected = shape[axis] ?? 0;
  if ((!Array.isArray(items) && !isTypedArray(items)) || items.length !== expected) {
    const got =
      Array.isArray(items) || isTypedArray(items) ? `length ${items.length}` : typeof items;
    throw new ShapeError(
      `${context.api}: ${context.argument} must be rectangular: expected length ${expected} at [${context.path.join(', ')}] (from shape ${formatShape(shape)}), got ${got}.`,
      { argument: context.argument, expected: String(expected), actual: got },
    );
  }
  for (let k = 0; k < expected; k++) {
    context.path.push(k);
    flattenInto(items[k], shape, axis + 1, out, position, context);
    context.path.pop();
  }
}

function inferDType(data: unknown): DType {
  if (isTypedArray(data)) return dtypeOfTypedArray(data);
  let level: unknown = data;
  while (Array.isArray(level)) level = level[0];
  if (isTypedArray(level)) return dtypeOfTypedArray(level);
  return typeof level === 'boolean' ? 'int32' : 'float32';
}

/**
 * Converts a TensorLike into a tensor. Tensors pass through unchanged (no copy).
 * @internal
 */
export function toTensor(value: TensorLike, api: string, argument: string, dtype?: DType): Tensor {
  if (value instanceof Tensor) return value;
  if (
    value === null ||
    value === undefined ||
    (typeof value !== 'number' && typeof value !== 'boolean' && typeof value !== 'object')
  ) {
    throw new ArgumentError(
      `${api}: ${argument} must be a Tensor, a number or nested arrays of numbers, got ${value === null ? 'null' : typeof value}.`,
      { argument },
    );
  }
  const resolved = dtype ?? inferDType(value);
  if (isTypedArray(value)) {
    // Fast path: a flat typed array converts in one copy.
    const copy = allocateTypedArray(resolved, value.length);
    if (resolved === 'int32' && !(value instanceof Int32Array)) {
      for (let k = 0; k < value.length; k++) copy[k] = Math.trunc(value[k] ?? 0);
    } else {
      copy.set(value);
    }
    return fromValues(copy, [value.length]);
  }
  const shape = inferShape(value);
  const values = allocateTypedArray(resolved, sizeOf(shape));
  flattenInto(value, shape, 0, values, { next: 0 }, { api, argument, path: [] });
  return fromValues(values, shape);
}

/**
 * Creates a tensor from nested arrays, a typed array or a number. The data is copied.
 * @param data - nested arrays of numbers (rectangular), a `Float32Array`/`Float64Array`/`Int32Array`, or a number (a scalar)
 * @param options - `dtype` (default: inferred, `float32` for numbers) and `requiresGrad`
 * @returns a tensor whose shape is the nesting of `data`
 * @throws {ShapeError} if the nested arrays are not rectangular
 * @example
 * ```ts
 * const x = tensor([[1, 2, 3], [4, 5, 6]]); // shape [2, 3], float32
 * const i = tensor([0, 2], { dtype: 'int32' });
 * ```
 * @see torch.tensor
 * @category Creation
 */
export function tensor(data: TensorLike, options: TensorOptions = {}): Tensor {
  if (options.dtype !== undefined && !isDType(options.dtype)) {
    throw new DTypeError(
      `tensor: options.dtype must be 'float32', 'float64' or 'int32', got ${JSON.stringify(options.dtype)}.`,
    );
  }
  let result: Tensor;
  if (data instanceof Tensor) {
    const values = data.data();
    const converted = allocateTypedArray(options.dtype ?? data.dtype, values.length);
    converted.set(values);
    result = fromValues(converted, data.shape);
  } else {
    result = toTensor(data, 'tensor', 'data', options.dtype);
  }
  if (options.requiresGrad === true) result.requiresGrad = true;
  return result;
}

/**
 * Wraps a typed array as a tensor without copying it: the tensor takes the array over, so
 * write nothing to it afterwards (tensors never change). For large data you produced
 * yourself, or results of your own kernels; {@link tensor} copies instead. The dtype follows
 * the array (`Float32Array` → float32, `Float64Array` → float64, `Int32Array` → int32).
 * @param values - the elements in row-major order
 * @param shape - the shape (default `[values.length]`); its size must equal `values.length`
 * @throws {ArgumentError} if `values` is not a Float32Array, Float64Array or Int32Array
 * @throws {ShapeError} if the shape is invalid or its size differs from `values.length`
 * @example
 * ```ts
 * const values = new Float32Array(6).map((_, k) => k);
 * const x = fromArray(values, [2, 3]); // no copy: `values` now belongs to x
 * ```
 * @see torch.from_numpy
 * @category Creation
 */
export function fromArray(values: TypedArray, shape?: readonly number[]): Tensor {
  if (!isTypedArray(values)) {
    throw new ArgumentError(
      `fromArray: values must be a Float32Array, Float64Array or Int32Array, got ${describe(values)}.`,
      { argument: 'values' },
    );
  }
  const target = shape ?? [values.length];
  if (!target.every((length) => Number.isInteger(length) && length >= 0)) {
    throw new ShapeError(
      `fromArray: shape must hold non-negative integers, got [${target.join(', ')}].`,
      { argument: 'shape', actual: `[${target.join(', ')}]` },
    );
  }
  if (sizeOf(target) !== values.length) {
    throw new ShapeError(
      `fromArray: shape ${formatShape(target)} has ${sizeOf(target)} elements but values has ${values.length}.`,
      { argument: 'shape', expected: String(values.length), actual: String(sizeOf(target)) },
    );
  }
  return fromValues(values, [...target]);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'an object';
  return typeof value;
}

/**
 * A scalar tensor for a JS number operand, in the dtype it combines with: a number next to a
 * float tensor takes that tensor's dtype (PyTorch's rule for Python scalars).
 * @internal
 */
export function scalarLike(value: number, other: Tensor): Tensor {
  const dtype = other.dtype === 'int32' && !Number.isInteger(value) ? 'float32' : other.dtype;
  const values = allocateTypedArray(dtype, 1);
  values[0] = value;
  return fromValues(values, []);
}
