// User-defined differentiable operations with a hand-written backward, PyTorch's
// `autograd.Function`: the forward runs without recording, and the whole operation becomes
// one node of the graph. The fused recurrent cells and layers are built this way.
import { ArgumentError, isFloatDType, Tensor } from '@unroll/tensor';
import { isGradEnabled, noGrad } from './grad-mode';
import { markNonDifferentiableOutput } from './engine';
import { edgeTo, Node } from './node';

/**
 * What `forward` and `backward` share: tensors saved for the backward, any other state, and
 * which inputs need a gradient.
 * @category Autograd
 */
export interface FunctionContext<State = undefined> {
  /** Keeps tensors for the backward pass; read them back from `savedTensors`. */
  saveForBackward(...tensors: Tensor[]): void;
  /** The tensors passed to `saveForBackward`, in order. */
  readonly savedTensors: readonly Tensor[];
  /** Anything else the backward needs (sizes, options, typed arrays). */
  state: State | undefined;
  /** Per argument: true when it is a tensor that needs a gradient. Skip the others' work. */
  readonly needsInputGrad: readonly boolean[];
  /** Declares outputs that carry no gradient (indices, masks). */
  markNonDifferentiable(...outputs: Tensor[]): void;
}

/** The outputs a Function may return: one tensor or a tuple of tensors. @category Autograd */
export type FunctionOutput = Tensor | readonly Tensor[];

/**
 * A Function's definition.
 * @typeParam Args - the arguments of `apply`; tensors among them are differentiable inputs
 * @typeParam Output - one tensor or a tuple of tensors
 * @typeParam State - what `forward` keeps in `ctx.state` for `backward`
 * @category Autograd
 */
export interface FunctionDefinition<
  Args extends readonly unknown[],
  Output extends FunctionOutput,
  State,
> {
  /** Shown as the node's name (in `gradFn.name` and in error messages). */
  readonly name: string;
  /** Computes the outputs. Runs with recording off; use `ctx` to save what backward needs. */
  forward(ctx: FunctionContext<State>, ...args: Args): Output;
  /**
   * Given one gradient per output (zeros for outputs that received none), returns one
   * gradient per argument of `apply`, `null` for arguments without one.
   */
  backward(
    ctx: FunctionContext<State>,
    ...outputGradients: Tensor[]
  ): readonly (Tensor | null | undefined)[];
  /**
   * Frees what `forward` kept outside the JS heap (a backend's saved activations) once a
   * backward pass has run through the node without `retainGraph`. Optional.
   */
  release?(ctx: FunctionContext<State>): void;
}

/** A differentiable operation made by {@link defineFunction}. @category Autograd */
export interface Function<Args extends readonly unknown[], Output extends FunctionOutput> {
  /** The definition's name. */
  readonly name: string;
  /** Runs the operation, recording one graph node when an input requires grad. */
  apply(...args: Args): Output;
}

class Context<State> implements FunctionContext<State> {
  state: State | undefined = undefined;
  #saved: Tensor[] = [];
  readonly nonDifferentiable = new Set<Tensor>();

  constructor(readonly needsInputGrad: readonly boolean[]) {}

  saveForBackward(...tensors: Tensor[]): void {
    this.#saved = tensors.map((tensor) => tensor.detach());
  }

  get savedTensors(): readonly Tensor[] {
    return this.#saved;
  }

  markNonDifferentiable(...outputs: Tensor[]): void {
    for (const output of outputs) this.nonDifferentiable.add(output);
  }
}

/**
 * Defines a differentiable operation from a forward and an exact backward (PyTorch's
 * `torch.autograd.Function`). The graph holds one node per call, however many kernels the
 * forward runs. Check the backward with {@link gradcheck}.
 * @example
 * ```ts
 * const Square = defineFunction({
 *   name: 'Square',
 *   forward(ctx, x: Tensor) {
 *     ctx.saveForBackward(x);
 *     return x.mul(x);
 *   },
 *   backward(ctx, dy) {
 *     const [x] = ctx.savedTensors;
 *     return [dy.mul(x!).mul(2)];
 *   },
 * });
 * const y = Square.apply(tensor([3], { requiresGrad: true }));
 * ```
 * @see torch.autograd.Function
 * @category Autograd
 */
export function defineFunction<
  Args extends readonly unknown[],
  Output extends FunctionOutput,
  State = undefined,
>(definition: FunctionDefinition<Args, Output, State>): Function<Args, Output> {
  const apply = (...args: Args): Output => {
    const recording = isGradEnabled();
    const needsInputGrad = args.map(
      (arg) => recording && arg instanceof Tensor && arg.requiresGrad,
    );
    const context = new Context<State>(needsInputGrad);
    const result = noGrad(() => definition.forward(context, ...args));
    const list: readonly unknown[] = Array.isArray(result) ? result : [result];
    list.forEach((output, k) => {
      if (!(output instanceof Tensor)) {
        throw new ArgumentError(
          `${definition.name}.forward: must return tensors, got ${typeof output} as output ${k}.`,
        );
      }
    });
    if (!needsInputGrad.some(Boolean)) return result;
    // Outputs must be fresh tensors this node can own; an input returned as is gets a new handle.
    const outputs = (list as Tensor[]).map((output) =>
      output.requiresGrad || args.includes(output) ? output.detach() : output,
    );
    const inputMetas = args.map((arg) =>
      arg instanceof Tensor
        ? { shape: arg.shape, dtype: arg.dtype }
        : { shape: [], dtype: 'float32' as const },
    );
    const node = new Node(
      definition.name,
      args.map((arg) => (arg instanceof Tensor ? edgeTo(arg) : null)),
      inputMetas,
      outputs.map((output) => ({ shape: output.shape, dtype: output.dtype })),
      (outputGradients) => definition.backward(context, ...outputGradients),
      definition.release === undefined ? undefined : () => definition.release?.(context),
    );
    const differentiable = outputs.map((output, slot) => {
      const keep =
        isFloatDType(output.dtype) && !context.nonDifferentiable.has(list[slot] as Tensor);
      if (!keep) markNonDifferentiableOutput(output, definition.name);
      return keep ? output : null;
    });
    node.attach(differentiable);
    return (Array.isArray(result) ? outputs : outputs[0]) as Output;
  };
  return { name: definition.name, apply };
}
