// The autograd engine: records a node for every kernel run on tensors that require grad,
// and runs backward passes over those nodes in reverse topological order, summing gradients
// of broadcast inputs back to their shapes and accumulating leaves' `.grad`.
import {
  ArgumentError,
  DTypeError,
  GradientShapeError,
  NotDifferentiableError,
  ShapeError,
  Tensor,
  add,
  cast,
  formatShape,
  isFloatDType,
  onesLike,
  setAutogradHook,
  sumTo,
  zeros,
  type AttrsOf,
  type AutogradHook,
  type BackwardOptions,
  type KernelName,
  type TensorMeta,
} from '@unroll/tensor';
import { isGradEnabled, noGrad } from './grad-mode';
import type { GradContext, GradRule } from './grad-rule';
import { gradRules } from './grads';
import { edgeTo, Node, outputSlotOf } from './node';

/** Outputs of non-differentiable kernels whose inputs required grad, and the kernel. */
const nonDifferentiableOrigin = new WeakMap<Tensor, string>();

/** Remembers that `output` came from a kernel or Function without a gradient. @internal */
export function markNonDifferentiableOutput(output: Tensor, name: string): void {
  nonDifferentiableOrigin.set(output, name);
}

const metaOf = (tensor: Tensor): TensorMeta => ({ shape: tensor.shape, dtype: tensor.dtype });

function record(
  kernel: KernelName,
  inputs: readonly Tensor[],
  attrs: AttrsOf<KernelName>,
  outputs: readonly Tensor[],
): void {
  if (!isGradEnabled() || !inputs.some((input) => input.requiresGrad)) return;
  const rule = gradRules[kernel];
  if ('notDifferentiable' in rule) {
    for (const output of outputs) markNonDifferentiableOutput(output, kernel);
    return;
  }
  const typed = rule as GradRule<KernelName>;
  const context: GradContext<KernelName> = {
    inputs: inputs.map((input, k) =>
      typed.save.inputs?.includes(k) === true ? input.detach() : undefined,
    ),
    output: typed.save.output === true ? outputs[0]?.detach() : undefined,
    attrs,
    inputMetas: inputs.map(metaOf),
  };
  const node = new Node(
    kernel,
    inputs.map(edgeTo),
    context.inputMetas,
    outputs.map(metaOf),
    ([dy]) => typed.backward(dy as Tensor, context),
  );
  // Integer outputs (a cast to int32) carry no gradient; backward through them says so.
  for (const output of outputs)
    if (!isFloatDType(output.dtype)) markNonDifferentiableOutput(output, kernel);
  node.attach(outputs.map((output) => (isFloatDType(output.dtype) ? output : null)));
}

/** Brings a rule's gradient to its input's shape and dtype, or says whose rule was wrong. */
function conform(gradient: Tensor, meta: TensorMeta, node: Node, input: number): Tensor {
  let result = gradient;
  if (formatShape(result.shape) !== formatShape(meta.shape)) {
    try {
      result = sumTo(result, meta.shape);
    } catch (error) {
      if (!ShapeError.isInstance(error)) throw error;
      throw new GradientShapeError(
        `backward: the gradient rule of ${node.name} returned shape ${formatShape(gradient.shape)} for input ${input} of shape ${formatShape(meta.shape)}.`,
        { kernel: node.name, cause: error },
      );
    }
  }
  return result.dtype === meta.dtype ? result : cast(result, meta.dtype);
}

function accumulate(leaf: Tensor, gradient: Tensor): void {
  leaf.grad = leaf.grad === null ? gradient : add(leaf.grad, gradient);
}

/**
 * Nodes reachable from `root`, ordered for the backward pass: every node comes before the
 * nodes that produced its inputs, so its gradient is complete when it runs.
 */
function topologicalOrder(root: Node): Node[] {
  const postOrder: Node[] = [];
  const visited = new Set<Node>([root]);
  const stack: { node: Node; next: number }[] = [{ node: root, next: 0 }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1] as { node: Node; next: number };
    const edge = frame.node.edges[frame.next++];
    if (frame.next > frame.node.edges.length) {
      postOrder.push(frame.node);
      stack.pop();
    } else if (edge?.node && !visited.has(edge.node)) {
      visited.add(edge.node);
      stack.push({ node: edge.node, next: 0 });
    }
  }
  return postOrder.reverse();
}

function initialGradient(root: Tensor, gradient: Tensor | undefined): Tensor {
  if (!root.requiresGrad) {
    const origin = nonDifferentiableOrigin.get(root);
    if (origin !== undefined) {
      throw new NotDifferentiableError(
        `backward: the tensor comes from ${origin}, which is not differentiable, so no gradient can flow back through it.`,
        { kernel: origin },
      );
    }
    throw new ArgumentError(
      'backward: the tensor does not require grad and has no gradFn. Hint: set requiresGrad = true on the inputs (or use Parameter) before computing it, outside noGrad().',
    );
  }
  if (gradient === undefined) {
    if (root.size !== 1) {
      throw new ArgumentError(
        `backward: gradient must be given for a tensor with more than one element, got none for shape ${formatShape(root.shape)}. Hint: call backward on a scalar (e.g. loss.sum()) or pass a gradient of that shape.`,
        { argument: 'gradient' },
      );
    }
    return onesLike(root);
  }
  if (!(gradient instanceof Tensor)) {
    throw new ArgumentError(
      `backward: gradient must be a Tensor of shape ${formatShape(root.shape)}, got ${typeof gradient}.`,
      { argument: 'gradient' },
    );
  }
  if (formatShape(gradient.shape) !== formatShape(root.shape)) {
    throw new GradientShapeError(
      `backward: gradient must have the tensor's shape ${formatShape(root.shape)}, got ${formatShape(gradient.shape)}.`,
    );
  }
  if (!isFloatDType(gradient.dtype)) {
    throw new DTypeError(`backward: gradient must be a float tensor, got dtype ${gradient.dtype}.`);
  }
  return cast(gradient, root.dtype);
}

function backward(root: Tensor, gradient: Tensor | undefined, options: BackwardOptions): void {
  noGrad(() => {
    const seed = initialGradient(root, gradient);
    const rootNode = root.gradFn;
    if (!(rootNode instanceof Node)) {
      accumulate(root, seed);
      return;
    }
    const pending = new Map<Node, (Tensor | undefined)[]>([[rootNode, []]]);
    (pending.get(rootNode) as (Tensor | undefined)[])[outputSlotOf(root)] = seed;
    for (const node of topologicalOrder(rootNode)) {
      const received = pending.get(node);
      if (received === undefined) continue;
      pending.delete(node);
      if (node.released) {
        throw new ArgumentError(
          `backward: the graph through ${node.name} was freed by an earlier backward pass. Hint: pass { retainGraph: true } to the first backward() to run backward through the same graph again.`,
        );
      }
      const outputGradients = node.outputMetas.map(
        (meta, slot) => received[slot] ?? zeros(meta.shape, { dtype: meta.dtype }),
      );
      for (const [slot, reference] of node.retained) {
        const tensor = reference.deref();
        const gradient = outputGradients[slot];
        // Retained gradients accumulate across backward passes, as leaves' do.
        if (tensor !== undefined && gradient !== undefined) accumulate(tensor, gradient);
      }
      const inputGradients = node.backward(outputGradients);
      node.edges.forEach((edge, input) => {
        const raw = inputGradients[input];
        const meta = node.inputMetas[input];
        if (edge === null || raw === null || raw === undefined || meta === undefined) return;
        const conformed = conform(raw, meta, node, input);
        if (edge.leaf !== null) {
          accumulate(edge.leaf, conformed);
        } else if (edge.node !== null) {
          const slots = pending.get(edge.node) ?? [];
          const existing = slots[edge.outputIndex];
          slots[edge.outputIndex] = existing === undefined ? conformed : add(existing, conformed);
          pending.set(edge.node, slots);
        }
      });
      if (options.retainGraph !== true) node.release();
    }
  });
}

/** The engine as installed into @unroll/tensor. @internal */
export const engine: AutogradHook = { record, backward };

/**
 * Keeps the gradient of a non-leaf tensor in its `.grad` during the next backward passes
 * (leaves always keep theirs). Returns the tensor.
 * @see torch.Tensor.retain_grad
 * @category Autograd
 */
export function retainGrad(tensor: Tensor): Tensor {
  if (tensor.gradFn instanceof Node)
    tensor.gradFn.retained.set(outputSlotOf(tensor), new WeakRef(tensor));
  return tensor;
}

/**
 * Installs the engine into @unroll/tensor. It runs when this module loads, so kernels are
 * recorded and `Tensor.backward()` works as soon as anything from @unroll/autograd is
 * imported; call it again if something replaced the hook.
 * @category Autograd contract
 */
export function installAutograd(): void {
  setAutogradHook(engine);
}

installAutograd();
