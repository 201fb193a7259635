// The reference backend: pure TypeScript, float32 and float64 (and int32), data in typed
// arrays on the JS heap. Every other backend is checked against it.
import { dtypes, type DType, type TypedArray } from '../../dtype';
import type { AttrsOf, KernelName } from '../../kernels';
import type { TensorMeta } from '../../kernels/kernel-spec';
import type { Backend, DataHandle, TensorInfo } from '../backend';
import { cpuKernels } from './kernels';

/**
 * The pure-TypeScript reference backend. Always available, in every environment; the
 * oracle for the others.
 * @category Backends
 */
export class CpuBackend implements Backend {
  readonly name = 'cpu';
  readonly dtypes: readonly DType[] = dtypes;

  write(values: TypedArray): DataHandle {
    return values;
  }

  read(info: TensorInfo): TypedArray {
    return info.data as TypedArray;
  }

  supports(kernel: KernelName, dtype: DType): boolean {
    return kernel in cpuKernels && this.dtypes.includes(dtype);
  }

  run<K extends KernelName>(
    kernel: K,
    inputs: readonly TensorInfo[],
    attrs: AttrsOf<K>,
    outputs: readonly TensorMeta[],
  ): DataHandle[] {
    const operands = inputs.map((info) => ({
      shape: info.shape,
      dtype: info.dtype,
      values: info.data as TypedArray,
    }));
    const implementation = cpuKernels[kernel];
    return implementation(operands, attrs, outputs);
  }
}
