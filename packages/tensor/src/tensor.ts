// The Tensor class: a shape, a dtype and a handle to data held by a backend, plus thin
// chained methods that forward to the free-function ops. Tensors are immutable and
// garbage-collected: no op changes a tensor's values, and nobody calls dispose.
import type { Backend, DataHandle, TensorInfo } from './backends/backend';
import type { DType, TypedArray } from './dtype';
import { isFloatDType } from './dtype';
import { ArgumentError } from './errors/argument-error';
import { DTypeError } from './errors/dtype-error';
import { formatTensor } from './format';
import type { BackwardOptions } from './dispatch';
import { getAutogradHook } from './dispatch';
import * as ops from './ops/methods';
import { formatShape, sizeOf, type Shape } from './shape';

/**
 * The autograd node that produced a tensor. Tensor treats it as opaque; `@unroll/autograd`
 * defines what it holds.
 * @category Autograd contract
 */
export interface GradNode {
  /** The kernel or Function that produced the tensor, e.g. `'MatMul'`. */
  readonly name: string;
}

/** A value ops accept where a tensor is expected: a tensor, a number, nested arrays or a typed array. @category Tensors */
export type TensorLike =
  Tensor | number | boolean | TypedArray | readonly TensorLikeArray[] | readonly number[];
/** Nested arrays of numbers. @category Tensors */
export type TensorLikeArray = number | boolean | readonly TensorLikeArray[];

/** Nested arrays of numbers as returned by {@link Tensor.toArray}. @category Tensors */
export type NestedArray = number | NestedArray[];

/** A handle made on first use: a deferred kernel run, shared by a tensor and its detached copies. */
class Deferred {
  #produce: (() => DataHandle) | null;
  #made: DataHandle | null = null;

  constructor(produce: () => DataHandle) {
    this.#produce = produce;
  }

  /** Whether the handle has been made. */
  get made(): boolean {
    return this.#made !== null;
  }

  /** The handle, made by the first call (which also drops the producer and what it holds). */
  handle(): DataHandle {
    if (this.#made === null) {
      this.#made = this.#produce!();
      this.#produce = null;
    }
    return this.#made;
  }
}

/**
 * An n-dimensional array of numbers: row-major, contiguous, of dtype `float32`, `float64` or
 * `int32`. Tensors are immutable (ops return new tensors) and garbage-collected.
 *
 * Create tensors with {@link tensor}, {@link zeros}, {@link randn} and the other creation
 * functions; every op is a free function (`add(a, b)`) with a chained method (`a.add(b)`).
 * @example
 * ```ts
 * const x = tensor([[1, 2], [3, 4]]);
 * x.matmul(x).sum().item(); // 54
 * ```
 * @see torch.Tensor
 * @category Tensors
 */
export class Tensor {
  /** Lengths of each dimension, outermost first. */
  readonly shape: Shape;
  /** Element type. */
  readonly dtype: DType;
  /** Number of elements (1 for a scalar). */
  readonly size: number;
  /** The gradient accumulated by `backward()` (leaves that require grad only). */
  grad: Tensor | null = null;
  /** The autograd node that produced this tensor, or null for a leaf. */
  gradFn: GradNode | null = null;
  #backend: Backend;
  #data: DataHandle | Deferred;
  #requiresGrad = false;

  /** @internal Use {@link tensor} or the other creation functions. */
  protected constructor(data: DataHandle | Deferred, shape: Shape, dtype: DType, backend: Backend) {
    this.#data = data;
    this.shape = Object.freeze([...shape]);
    this.dtype = dtype;
    this.size = sizeOf(shape);
    this.#backend = backend;
  }

  /** Wraps a backend handle as a tensor. @internal */
  static fromHandle(data: DataHandle, shape: Shape, dtype: DType, backend: Backend): Tensor {
    return new Tensor(data, shape, dtype, backend);
  }

  /**
   * A tensor whose handle `produce` makes when its data is first needed (once, shared with
   * its detached copies): a deferred kernel run. @internal
   */
  static fromDeferred(
    produce: () => DataHandle,
    shape: Shape,
    dtype: DType,
    backend: Backend,
  ): Tensor {
    return new Tensor(new Deferred(produce), shape, dtype, backend);
  }

  /** Whether this tensor's data is still to be made (a deferred kernel run). @internal */
  get deferred(): boolean {
    return this.#data instanceof Deferred && !this.#data.made;
  }

  /** The data's handle, made now if it was deferred. */
  #handle(): DataHandle {
    if (this.#data instanceof Deferred) this.#data = this.#data.handle();
    return this.#data;
  }

  /** Number of dimensions. */
  get rank(): number {
    return this.shape.length;
  }

  /** The backend that holds this tensor's data. */
  get backend(): Backend {
    return this.#backend;
  }

  /** This tensor as a kernel operand. @internal */
  info(): TensorInfo {
    return { shape: this.shape, dtype: this.dtype, data: this.#handle() };
  }

  /** Re-homes the data on another backend (dispatch moves operands). @internal */
  moveTo(backend: Backend, data: DataHandle): void {
    this.#backend = backend;
    this.#data = data;
  }

  /**
   * Whether autograd records operations on this tensor. Only float tensors can require
   * gradients, and only leaves (tensors no op produced) can change the flag.
   */
  get requiresGrad(): boolean {
    return this.#requiresGrad || this.gradFn !== null;
  }

  /** @throws {ArgumentError} for non-leaves; {@link DTypeError} for int32 tensors. */
  set requiresGrad(value: boolean) {
    if (this.gradFn !== null) {
      throw new ArgumentError(
        `Tensor.requiresGrad: only leaf tensors can change requiresGrad, got a tensor produced by ${this.gradFn.name}. Hint: use detach() to get a leaf.`,
        { argument: 'requiresGrad' },
      );
    }
    if (value && !isFloatDType(this.dtype)) {
      throw new DTypeError(
        `Tensor.requiresGrad: only float tensors can require gradients, got dtype ${this.dtype}. Hint: cast with x.to('float32').`,
      );
    }
    this.#requiresGrad = value;
  }

  /** True when no op produced this tensor (created by the user, or detached). */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /**
   * Computes the gradient of this tensor with respect to every leaf that requires grad and
   * accumulates it into their `.grad`. Needs `@unroll/autograd`.
   * @param gradient - the upstream gradient, same shape as this tensor; optional for scalars
   * @param options - `retainGraph: true` keeps the graph for another backward
   * @see torch.Tensor.backward
   */
  backward(gradient?: Tensor, options: BackwardOptions = {}): void {
    const hook = getAutogradHook();
    if (hook === undefined) {
      throw new ArgumentError(
        'Tensor.backward: no gradient engine is loaded. Hint: import from @unroll/autograd (for example `import { noGrad } from "@unroll/autograd"`) before calling backward().',
      );
    }
    hook.backward(this, gradient, options);
  }

  /** A tensor with the same data that autograd does not track (a leaf without grad). */
  detach(): Tensor {
    return new Tensor(this.#data, this.shape, this.dtype, this.#backend);
  }

  /** The values as a fresh typed array, row-major. */
  data(): TypedArray {
    return this.#backend.read(this.info()).slice();
  }

  /** The values as nested arrays (a number for a scalar). */
  toArray(): NestedArray {
    const values = this.#backend.read(this.info());
    const build = (axis: number, offset: number, stride: number): NestedArray => {
      if (axis === this.rank) return values[offset] ?? 0;
      const length = this.shape[axis] ?? 1;
      const inner = stride / length;
      return Array.from({ length }, (_, k) => build(axis + 1, offset + k * inner, inner));
    };
    return build(0, 0, this.size);
  }

  /** The single value of a one-element tensor. @throws {ArgumentError} if size ≠ 1 */
  item(): number {
    if (this.size !== 1) {
      throw new ArgumentError(
        `Tensor.item: the tensor must have exactly one element, got shape ${formatShape(this.shape)} (${this.size} elements).`,
      );
    }
    return this.#backend.read(this.info())[0] ?? 0;
  }

  /** Prints like PyTorch: `tensor([[1.0000, 2.5000], …])`. */
  toString(): string {
    return formatTensor(this.#backend.read(this.info()), this.shape, this.dtype, this.requiresGrad);
  }

  // Chained methods: each forwards to the free function of the same name.
  /** {@link add} */ add(other: TensorLike): Tensor {
    return ops.add(this, other);
  }
  /** {@link sub} */ sub(other: TensorLike): Tensor {
    return ops.sub(this, other);
  }
  /** {@link mul} */ mul(other: TensorLike): Tensor {
    return ops.mul(this, other);
  }
  /** {@link div} */ div(other: TensorLike): Tensor {
    return ops.div(this, other);
  }
  /** {@link pow} */ pow(exponent: TensorLike): Tensor {
    return ops.pow(this, exponent);
  }
  /** {@link maximum} */ maximum(other: TensorLike): Tensor {
    return ops.maximum(this, other);
  }
  /** {@link minimum} */ minimum(other: TensorLike): Tensor {
    return ops.minimum(this, other);
  }
  /** {@link neg} */ neg(): Tensor {
    return ops.neg(this);
  }
  /** {@link abs} */ abs(): Tensor {
    return ops.abs(this);
  }
  /** {@link sign} */ sign(): Tensor {
    return ops.sign(this);
  }
  /** {@link exp} */ exp(): Tensor {
    return ops.exp(this);
  }
  /** {@link log} */ log(): Tensor {
    return ops.log(this);
  }
  /** {@link log1p} */ log1p(): Tensor {
    return ops.log1p(this);
  }
  /** {@link sqrt} */ sqrt(): Tensor {
    return ops.sqrt(this);
  }
  /** {@link square} */ square(): Tensor {
    return ops.square(this);
  }
  /** {@link tanh} */ tanh(): Tensor {
    return ops.tanh(this);
  }
  /** {@link sigmoid} */ sigmoid(): Tensor {
    return ops.sigmoid(this);
  }
  /** {@link relu} */ relu(): Tensor {
    return ops.relu(this);
  }
  /** {@link softplus} */ softplus(): Tensor {
    return ops.softplus(this);
  }
  /** {@link clamp} */ clamp(min?: number, max?: number): Tensor {
    return ops.clamp(this, min, max);
  }
  /** {@link equal} */ equal(other: TensorLike): Tensor {
    return ops.equal(this, other);
  }
  /** {@link notEqual} */ notEqual(other: TensorLike): Tensor {
    return ops.notEqual(this, other);
  }
  /** {@link less} */ less(other: TensorLike): Tensor {
    return ops.less(this, other);
  }
  /** {@link lessEqual} */ lessEqual(other: TensorLike): Tensor {
    return ops.lessEqual(this, other);
  }
  /** {@link greater} */ greater(other: TensorLike): Tensor {
    return ops.greater(this, other);
  }
  /** {@link greaterEqual} */ greaterEqual(other: TensorLike): Tensor {
    return ops.greaterEqual(this, other);
  }
  /** {@link sum} */ sum(axis?: number | readonly number[], keepdims?: boolean): Tensor {
    return ops.sum(this, axis, keepdims);
  }
  /** {@link mean} */ mean(axis?: number | readonly number[], keepdims?: boolean): Tensor {
    return ops.mean(this, axis, keepdims);
  }
  /** {@link max} */ max(axis?: number | readonly number[], keepdims?: boolean): Tensor {
    return ops.max(this, axis, keepdims);
  }
  /** {@link min} */ min(axis?: number | readonly number[], keepdims?: boolean): Tensor {
    return ops.min(this, axis, keepdims);
  }
  /** {@link argmax} */ argmax(axis?: number, keepdims?: boolean): Tensor {
    return ops.argmax(this, axis, keepdims);
  }
  /** {@link argmin} */ argmin(axis?: number, keepdims?: boolean): Tensor {
    return ops.argmin(this, axis, keepdims);
  }
  /** {@link logsumexp} */ logsumexp(
    axis?: number | readonly number[],
    keepdims?: boolean,
  ): Tensor {
    return ops.logsumexp(this, axis, keepdims);
  }
  /** {@link softmax} */ softmax(axis = -1): Tensor {
    return ops.softmax(this, axis);
  }
  /** {@link logSoftmax} */ logSoftmax(axis = -1): Tensor {
    return ops.logSoftmax(this, axis);
  }
  /** {@link norm} */ norm(
    p?: number,
    axis?: number | readonly number[],
    keepdims?: boolean,
  ): Tensor {
    return ops.norm(this, p, axis, keepdims);
  }
  /** {@link variance} */ var(
    axis?: number | readonly number[],
    options?: ops.VarianceOptions,
  ): Tensor {
    return ops.variance(this, axis, options);
  }
  /** {@link matmul} */ matmul(other: TensorLike): Tensor {
    return ops.matmul(this, other);
  }
  /** {@link reshape} */ reshape(shape: readonly number[]): Tensor {
    return ops.reshape(this, shape);
  }
  /** The values as a 1-D tensor: `reshape([-1])`. */ flatten(): Tensor {
    return ops.reshape(this, [-1]);
  }
  /** {@link transpose} */ transpose(axis0 = -2, axis1 = -1): Tensor {
    return ops.transpose(this, axis0, axis1);
  }
  /** {@link permute} */ permute(axes: readonly number[]): Tensor {
    return ops.permute(this, axes);
  }
  /** {@link slice} */ slice(ranges: readonly (ops.SliceRange | null | undefined)[]): Tensor {
    return ops.slice(this, ranges);
  }
  /** {@link select} */ select(axis: number, index: number): Tensor {
    return ops.select(this, axis, index);
  }
  /** {@link index} */ index(...entries: ops.IndexEntry[]): Tensor {
    return ops.index(this, ...entries);
  }
  /** {@link squeeze} */ squeeze(axis?: number | readonly number[]): Tensor {
    return ops.squeeze(this, axis);
  }
  /** {@link unsqueeze} */ unsqueeze(axis: number): Tensor {
    return ops.unsqueeze(this, axis);
  }
  /** {@link expand} */ expand(shape: readonly number[]): Tensor {
    return ops.expand(this, shape);
  }
  /** {@link broadcastTo} */ broadcastTo(shape: readonly number[]): Tensor {
    return ops.broadcastTo(this, shape);
  }
  /** {@link flip} */ flip(axes: number | readonly number[]): Tensor {
    return ops.flip(this, axes);
  }
  /** {@link pad} */ pad(pads: readonly (readonly [number, number])[], value?: number): Tensor {
    return ops.pad(this, pads, value);
  }
  /** {@link split} */ split(sizes: number | readonly number[], axis?: number): Tensor[] {
    return ops.split(this, sizes, axis);
  }
  /** {@link chunk} */ chunk(chunks: number, axis?: number): Tensor[] {
    return ops.chunk(this, chunks, axis);
  }
  /** {@link gather} */ gather(axis: number, index: TensorLike): Tensor {
    return ops.gather(this, axis, index);
  }
  /** {@link indexSelect} */ indexSelect(axis: number, indices: TensorLike): Tensor {
    return ops.indexSelect(this, axis, indices);
  }
  /** {@link scatterAdd} */ scatterAdd(
    axis: number,
    index: TensorLike,
    source: TensorLike,
  ): Tensor {
    return ops.scatterAdd(this, axis, index, source);
  }
  /** {@link cast} */ to(dtype: DType): Tensor {
    return ops.cast(this, dtype);
  }
  /** A new tensor with the same values, tracked by autograd (data is shared: tensors are immutable). */ clone(): Tensor {
    return ops.clone(this);
  }
}
