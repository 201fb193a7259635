// The kernel contract: a kernel is one named computation with input names, typed attributes
// and shape/dtype inference. Backends implement kernels; ops validate and dispatch them.
import type { DType } from '../dtype';
import type { Shape } from '../shape';

/** The shape and dtype of a kernel's input or output. @category Backends */
export interface TensorMeta {
  /** Lengths of each dimension. */
  readonly shape: Shape;
  /** Element type. */
  readonly dtype: DType;
}

/** Attributes of a kernel that takes none. @category Backends */
export type NoAttrs = Record<string, never>;

/**
 * One kernel's spec. Kernels trust their inputs: the op that dispatches a kernel has
 * already validated shapes and dtypes, so `infer` only computes.
 * @category Backends
 */
export interface KernelSpec<Attrs> {
  /** PascalCase kernel name, e.g. `'MatMul'`. */
  readonly name: string;
  /** Input names, in order; a single entry starting with `...` takes any number of inputs. */
  readonly inputs: readonly string[];
  /** Output shapes and dtypes for given inputs and attributes. */
  infer(inputs: readonly TensorMeta[], attrs: Attrs): TensorMeta[];
  /** Phantom field carrying the attribute type; never set. */
  readonly attrs?: Attrs;
}

/** Declares a kernel spec with its attribute type. @internal */
export function defineKernel<Attrs = NoAttrs>(spec: KernelSpec<Attrs>): KernelSpec<Attrs> {
  return spec;
}

/** The first input's meta; kernels with at least one input use it. @internal */
export function first(inputs: readonly TensorMeta[]): TensorMeta {
  const meta = inputs[0];
  if (meta === undefined) throw new Error('internal: kernel called without inputs');
  return meta;
}
