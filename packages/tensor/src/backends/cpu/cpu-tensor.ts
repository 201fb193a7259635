// What a cpu kernel sees of each operand: its meta and its typed array.
import type { TypedArray } from '../../dtype';
import type { AttrsOf, KernelName } from '../../kernels';
import type { TensorMeta } from '../../kernels/kernel-spec';

/** A cpu kernel operand. */
export interface CpuTensor extends TensorMeta {
  readonly values: TypedArray;
}

/** One kernel's cpu implementation: reads its inputs, returns freshly allocated outputs. */
export type CpuKernel<K extends KernelName> = (
  inputs: readonly CpuTensor[],
  attrs: AttrsOf<K>,
  outputs: readonly TensorMeta[],
) => TypedArray[];

/** The operand at `index`; kernels are only called with the inputs their spec names. */
export function input(inputs: readonly CpuTensor[], index: number): CpuTensor {
  const operand = inputs[index];
  if (operand === undefined) throw new Error(`internal: cpu kernel input ${index} is missing`);
  return operand;
}

/** The output meta at `index`. */
export function output(outputs: readonly TensorMeta[], index = 0): TensorMeta {
  const meta = outputs[index];
  if (meta === undefined) throw new Error(`internal: cpu kernel output ${index} is missing`);
  return meta;
}
