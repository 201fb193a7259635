// The cpu kernel table. Its type requires an entry for every kernel, so the reference
// backend is complete by construction.
import type { KernelName } from '../../../kernels';
import type { CpuKernel } from '../cpu-tensor';
import { elementwiseKernels } from './elementwise';
import { layoutKernels } from './layout';
import { lossKernels } from './loss';
import { matMul } from './mat-mul';
import { optimizerKernels } from './optimizer';
import { reduceKernels } from './reduce';

/** Every kernel's cpu implementation. */
export const cpuKernels: { [K in KernelName]: CpuKernel<K> } = {
  ...elementwiseKernels,
  ...reduceKernels,
  ...layoutKernels,
  MatMul: matMul,
  ...optimizerKernels,
  ...lossKernels,
};
