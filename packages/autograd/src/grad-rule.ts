// The gradient-rule contract: for one kernel, which tensors to keep from the forward pass and
// how to turn the output's gradient into one gradient per input.
import type { AttrsOf, KernelName, Tensor, TensorMeta } from '@unroll/tensor';

/** What a rule's backward receives: the saved tensors, the attributes and the input metas. */
export interface GradContext<K extends KernelName> {
  /** Inputs kept by `save.inputs` (others are undefined). */
  readonly inputs: readonly (Tensor | undefined)[];
  /** The output, when `save.output` is set. */
  readonly output: Tensor | undefined;
  /** The kernel's attributes. */
  readonly attrs: AttrsOf<K>;
  /** Shape and dtype of every input (always kept: they are small). */
  readonly inputMetas: readonly TensorMeta[];
}

/**
 * How to differentiate one kernel. `backward` returns one gradient per input (`null` where
 * there is none). A gradient may have the broadcast shape; the engine sums it back to the
 * input's shape.
 * @category Autograd contract
 */
export interface GradRule<K extends KernelName> {
  /** Which tensors the backward needs: inputs by position, and/or the output. */
  readonly save: {
    /** Positions of the inputs to keep. */
    readonly inputs?: readonly number[];
    /** Keep the output. */
    readonly output?: boolean;
  };
  /** The input gradients, given the output's gradient `dy`. */
  backward(dy: Tensor, context: GradContext<K>): readonly (Tensor | null)[];
}

/** Marks a kernel whose outputs carry no gradient (comparisons, argmax). @category Autograd contract */
export interface NotDifferentiable {
  /** Always true. */
  readonly notDifferentiable: true;
}

/** The marker value for kernels without a gradient. @category Autograd contract */
export const notDifferentiable: NotDifferentiable = { notDifferentiable: true };

/** Declares a gradient rule with its kernel's attribute type. @internal */
export function defineGradRule<K extends KernelName>(rule: GradRule<K>): GradRule<K> {
  return rule;
}

/** The saved input at `index`; rules only read what they asked to save. @internal */
export function saved<K extends KernelName>(context: GradContext<K>, index: number): Tensor {
  const tensor = context.inputs[index];
  if (tensor === undefined) throw new Error(`internal: gradient rule read unsaved input ${index}`);
  return tensor;
}

/** The saved output. @internal */
export function savedOutput<K extends KernelName>(context: GradContext<K>): Tensor {
  if (context.output === undefined)
    throw new Error('internal: gradient rule read an unsaved output');
  return context.output;
}

/** The meta of input `index`. @internal */
export function metaOf<K extends KernelName>(context: GradContext<K>, index: number): TensorMeta {
  const meta = context.inputMetas[index];
  if (meta === undefined)
    throw new Error(`internal: gradient rule read missing input meta ${index}`);
  return meta;
}
