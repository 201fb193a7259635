// Elementwise ops: unary maps, broadcasting arithmetic with dtype promotion, comparisons,
// where, clamp, and the composites built from them (square, softplus).
import { runKernel1 } from '../dispatch';
import { isDType, isFloatDType, promoteDTypes, type DType } from '../dtype';
import { DTypeError } from '../errors/dtype-error';
import { broadcastShapes } from '../shape';
import { Tensor, type TensorLike } from '../tensor';
import { scalarLike, toTensor } from './convert';
import type {
  BinaryKernelName as BinaryKernel,
  UnaryKernelName as UnaryKernel,
} from '../kernels/elementwise';

/**
 * Converts `x` to `dtype` (float → int32 truncates toward zero). Returns `x` itself when it
 * already has that dtype.
 * @example
 * ```ts
 * cast(tensor([1.7, -1.7]), 'int32'); // [1, -1]
 * ```
 * @see torch.Tensor.to
 * @category Elementwise
 */
export function cast(x: TensorLike, dtype: DType): Tensor {
  const input = toTensor(x, 'cast', 'x');
  if (!isDType(dtype)) {
    throw new DTypeError(
      `cast: dtype must be 'float32', 'float64' or 'int32', got ${JSON.stringify(dtype)}.`,
    );
  }
  return input.dtype === dtype ? input : runKernel1('Cast', [input], { dtype });
}

function unary(kernel: UnaryKernel, api: string, x: TensorLike, floatOnly: boolean): Tensor {
  let input = toTensor(x, api, 'x');
  if (floatOnly && !isFloatDType(input.dtype)) input = cast(input, 'float32');
  return runKernel1(kernel, [input], {});
}

/** Two operands converted to tensors in their common dtype (no shape check). @internal */
export function promotePair(a: TensorLike, b: TensorLike, api: string): [Tensor, Tensor] {
  const left =
    typeof a === 'number' && b instanceof Tensor ? scalarLike(a, b) : toTensor(a, api, 'a');
  const right = typeof b === 'number' ? scalarLike(b, left) : toTensor(b, api, 'b');
  const dtype = promoteDTypes(left.dtype, right.dtype);
  return [cast(left, dtype), cast(right, dtype)];
}

/** The two operands of a broadcasting binary op, in their common dtype. @internal */
export function binaryOperands(a: TensorLike, b: TensorLike, api: string): [Tensor, Tensor] {
  const [left, right] = promotePair(a, b, api);
  broadcastShapes(left.shape, right.shape, api);
  return [left, right];
}

function binary(
  kernel: BinaryKernel,
  api: string,
  a: TensorLike,
  b: TensorLike,
  floatOnly = false,
): Tensor {
  let [left, right] = binaryOperands(a, b, api);
  if (floatOnly && left.dtype === 'int32') {
    left = cast(left, 'float32');
    right = cast(right, 'float32');
  }
  return runKernel1(kernel, [left, right], {});
}

/** `-x`. @see torch.neg @category Elementwise */
export const neg = (x: TensorLike): Tensor => unary('Neg', 'neg', x, false);
/** `|x|`. @see torch.abs @category Elementwise */
export const abs = (x: TensorLike): Tensor => unary('Abs', 'abs', x, false);
/** −1, 0 or 1 by the sign of `x` (NaN stays NaN); its gradient is zero. @see torch.sign @category Elementwise */
export const sign = (x: TensorLike): Tensor => unary('Sign', 'sign', x, false);
/** `e^x`. @see torch.exp @category Elementwise */
export const exp = (x: TensorLike): Tensor => unary('Exp', 'exp', x, true);
/** Natural logarithm. @see torch.log @category Elementwise */
export const log = (x: TensorLike): Tensor => unary('Log', 'log', x, true);
/** `log(1 + x)`, accurate for small `x`. @see torch.log1p @category Elementwise */
export const log1p = (x: TensorLike): Tensor => unary('Log1p', 'log1p', x, true);
/** Square root. @see torch.sqrt @category Elementwise */
export const sqrt = (x: TensorLike): Tensor => unary('Sqrt', 'sqrt', x, true);
/** Hyperbolic tangent. @see torch.tanh @category Elementwise */
export const tanh = (x: TensorLike): Tensor => unary('Tanh', 'tanh', x, true);
/**
 * The logistic function `σ(x) = 1 / (1 + e^{-x})`, computed so that it neither overflows nor
 * loses precision for large |x|.
 * @see torch.sigmoid
 * @category Elementwise
 */
export const sigmoid = (x: TensorLike): Tensor => unary('Sigmoid', 'sigmoid', x, true);
/** `max(x, 0)`. @see torch.relu @category Elementwise */
export const relu = (x: TensorLike): Tensor => unary('Relu', 'relu', x, false);

/** `a + b` with broadcasting. @example `add(tensor([1, 2]), 1)` @see torch.add @category Elementwise */
export const add = (a: TensorLike, b: TensorLike): Tensor => binary('Add', 'add', a, b);
/** `a - b` with broadcasting. @see torch.sub @category Elementwise */
export const sub = (a: TensorLike, b: TensorLike): Tensor => binary('Sub', 'sub', a, b);
/** `a * b` elementwise with broadcasting. @see torch.mul @category Elementwise */
export const mul = (a: TensorLike, b: TensorLike): Tensor => binary('Mul', 'mul', a, b);
/** `a / b` with broadcasting; always true division (integers give float32). @see torch.div @category Elementwise */
export const div = (a: TensorLike, b: TensorLike): Tensor => binary('Div', 'div', a, b, true);
/** `a ** b` with broadcasting. @see torch.pow @category Elementwise */
export const pow = (a: TensorLike, b: TensorLike): Tensor => binary('Pow', 'pow', a, b);
/** Elementwise maximum (NaN wins); ties split the gradient equally, as in PyTorch. @see torch.maximum @category Elementwise */
export const maximum = (a: TensorLike, b: TensorLike): Tensor => binary('Maximum', 'maximum', a, b);
/** Elementwise minimum (NaN wins); ties split the gradient equally, as in PyTorch. @see torch.minimum @category Elementwise */
export const minimum = (a: TensorLike, b: TensorLike): Tensor => binary('Minimum', 'minimum', a, b);

/** `a == b` as int32 0/1. @see torch.eq @category Comparison */
export const equal = (a: TensorLike, b: TensorLike): Tensor => binary('Equal', 'equal', a, b);
/** `a != b` as int32 0/1. @see torch.ne @category Comparison */
export const notEqual = (a: TensorLike, b: TensorLike): Tensor =>
  binary('NotEqual', 'notEqual', a, b);
/** `a < b` as int32 0/1. @see torch.lt @category Comparison */
export const less = (a: TensorLike, b: TensorLike): Tensor => binary('Less', 'less', a, b);
/** `a <= b` as int32 0/1. @see torch.le @category Comparison */
export const lessEqual = (a: TensorLike, b: TensorLike): Tensor =>
  binary('LessEqual', 'lessEqual', a, b);
/** `a > b` as int32 0/1. @see torch.gt @category Comparison */
export const greater = (a: TensorLike, b: TensorLike): Tensor => binary('Greater', 'greater', a, b);
/** `a >= b` as int32 0/1. @see torch.ge @category Comparison */
export const greaterEqual = (a: TensorLike, b: TensorLike): Tensor =>
  binary('GreaterEqual', 'greaterEqual', a, b);

/**
 * `a` where `condition` is non-zero, else `b`; all three broadcast.
 * @param condition - any dtype; non-zero means true
 * @example
 * ```ts
 * where(less(x, 0), 0, x); // relu
 * ```
 * @see torch.where
 * @category Elementwise
 */
export function where(condition: TensorLike, a: TensorLike, b: TensorLike): Tensor {
  const test = toTensor(condition, 'where', 'condition');
  const [left, right] = binaryOperands(a, b, 'where');
  broadcastShapes(test.shape, broadcastShapes(left.shape, right.shape, 'where'), 'where');
  return runKernel1('Where', [test, left, right], {});
}

/** `x * x`. @see torch.square @category Elementwise */
export function square(x: TensorLike): Tensor {
  const input = toTensor(x, 'square', 'x');
  return mul(input, input);
}

/**
 * `log(1 + e^x)`, computed as `max(x, 0) + log1p(e^{-|x|})` so that it never overflows.
 * @see torch.nn.functional.softplus
 * @category Elementwise
 */
export function softplus(x: TensorLike): Tensor {
  const input = toTensor(x, 'softplus', 'x');
  return add(maximum(input, 0), log1p(exp(neg(abs(input)))));
}

/**
 * Limits values to `[min, max]` (either bound optional). The gradient passes where
 * `min ≤ x ≤ max`, as in PyTorch.
 * @see torch.clamp
 * @category Elementwise
 */
export function clamp(x: TensorLike, min?: number, max?: number): Tensor {
  let result = toTensor(x, 'clamp', 'x');
  if (min !== undefined) result = where(less(result, min), scalarLike(min, result), result);
  if (max !== undefined) result = where(greater(result, max), scalarLike(max, result), result);
  return result;
}

/**
 * A new tensor with `x`'s values that autograd tracks like any op. The data is shared, which
 * is safe because tensors are immutable.
 * @see torch.clone
 * @category Elementwise
 */
export function clone(x: TensorLike): Tensor {
  const input = toTensor(x, 'clone', 'x');
  return runKernel1('Reshape', [input], { shape: input.shape });
}
