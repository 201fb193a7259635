// A node of the autograd graph: what produced one or more tensors, how to send their
// gradients back to its inputs, and the edges to those inputs' own producers or leaves.
import type { GradNode, Tensor, TensorMeta } from '@unroll/tensor';

/** Where the gradient of one input goes: to another node's output, or into a leaf's `.grad`. */
export interface Edge {
  readonly node: Node | null;
  readonly outputIndex: number;
  readonly leaf: Tensor | null;
}

/** Turns output gradients (one per output) into input gradients (one per input). */
export type NodeBackward = (
  outputGradients: readonly Tensor[],
) => readonly (Tensor | null | undefined)[];

/** Which output of its node a tensor is (only Functions have more than one output). */
const outputSlots = new WeakMap<Tensor, number>();

/** The node output a tensor is; 0 unless a Function made it. */
export function outputSlotOf(tensor: Tensor): number {
  return outputSlots.get(tensor) ?? 0;
}

/** The edge that carries a gradient into `input`, or null when `input` needs none. */
export function edgeTo(input: unknown): Edge | null {
  if (typeof input !== 'object' || input === null || !('requiresGrad' in input)) return null;
  const tensor = input as Tensor;
  if (!tensor.requiresGrad) return null;
  if (tensor.gradFn instanceof Node) {
    return { node: tensor.gradFn, outputIndex: outputSlotOf(tensor), leaf: null };
  }
  return { node: null, outputIndex: 0, leaf: tensor };
}

/** One recorded operation. Its saved state is released after a backward pass unless retained. */
export class Node implements GradNode {
  #backward: NodeBackward | null;
  /** Non-leaf tensors whose gradient the user asked to keep (see retainGrad). */
  readonly retained = new Map<number, WeakRef<Tensor>>();

  constructor(
    readonly name: string,
    readonly edges: readonly (Edge | null)[],
    readonly inputMetas: readonly TensorMeta[],
    readonly outputMetas: readonly TensorMeta[],
    backward: NodeBackward,
    private readonly onRelease?: () => void,
  ) {
    this.#backward = backward;
  }

  /** Makes `outputs[k]` come from this node's output k. */
  attach(outputs: readonly (Tensor | null)[]): void {
    outputs.forEach((output, slot) => {
      if (output === null) return;
      output.gradFn = this;
      if (slot > 0) outputSlots.set(output, slot);
    });
  }

  /** True once a backward pass has released the saved tensors. */
  get released(): boolean {
    return this.#backward === null;
  }

  /** Runs the backward rule; the caller checks `released` first. */
  backward(outputGradients: readonly Tensor[]): readonly (Tensor | null | undefined)[] {
    if (this.#backward === null)
      throw new Error(`internal: ${this.name} ran backward after release`);
    return this.#backward(outputGradients);
  }

  /** Drops the saved tensors so their memory can be reclaimed. */
  release(): void {
    if (this.#backward === null) return;
    this.#backward = null;
    this.onRelease?.();
  }
}
