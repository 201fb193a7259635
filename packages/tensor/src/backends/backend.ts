// The Backend contract: where tensor data lives and how kernels run on it. Ops never touch
// data directly; they dispatch kernels through the current backend (see dispatch.ts).
import type { DType, TypedArray } from '../dtype';
import type { AttrsOf, KernelName } from '../kernels';
import type { TensorMeta } from '../kernels/kernel-spec';
import type { RecurrentKernels } from './recurrent';
import type { DataHandle, TensorInfo } from './tensor-info';

export type { DataHandle, TensorInfo } from './tensor-info';

/**
 * What a backend must provide. Register one with {@link registerBackend} and select it with
 * {@link setBackend}; ops then run their kernels on it. A backend that keeps memory outside
 * the JS heap manages it itself (scratch reuse, `FinalizationRegistry`); users never dispose.
 * @category Backends
 */
export interface Backend {
  /** Short name, e.g. `'cpu'`. */
  readonly name: string;
  /** The dtypes this backend can store and compute in. */
  readonly dtypes: readonly DType[];
  /** Takes ownership of `values` (the caller never touches them again) and returns a handle. */
  write(values: TypedArray): DataHandle;
  /** The values behind a handle, row-major, in `info.dtype`. The caller must not modify them. */
  read(info: TensorInfo): TypedArray;
  /**
   * Fused whole-sequence recurrent kernels, if this backend has them; `@unroll/cells` runs its
   * own float64 driver otherwise.
   */
  readonly recurrent?: RecurrentKernels;
  /** True when this backend implements `kernel` for `dtype`. */
  supports(kernel: KernelName, dtype: DType): boolean;
  /**
   * Runs one kernel. Inputs have been validated and share one dtype unless the kernel says
   * otherwise (index inputs are int32); `outputs` is the spec's inference.
   */
  run<K extends KernelName>(
    kernel: K,
    inputs: readonly TensorInfo[],
    attrs: AttrsOf<K>,
    outputs: readonly TensorMeta[],
  ): DataHandle[];
}
