// wasm softmax cross-entropy (float32): the loss per row and its gradient, four classes at a
// time with the vector exponential (assembly/loss.ts). The logits are copied in once per call.
import type { SoftmaxCrossEntropyAttrs } from '../../kernels/loss';
import type { DataHandle, TensorInfo } from '../backend';
import { wasmKernels } from './kernels';
import { Scope } from './resident';

/** Runs SoftmaxCrossEntropy (dLoss null) or its gradient on float32 logits in wasm. */
export function wasmSoftmaxCrossEntropy(
  logits: TensorInfo,
  target: TensorInfo,
  dLoss: TensorInfo | null,
  { ignoreIndex, labelSmoothing }: SoftmaxCrossEntropyAttrs,
): DataHandle {
  const kernels = wasmKernels();
  const { exports, heap } = kernels;
  const [M = 0, C = 0] = logits.shape;
  const scope = new Scope(kernels);
  try {
    const x = scope.put(logits.data as Float32Array);
    const t = scope.put(target.data as Int32Array, 'i32');
    if (dLoss === null) {
      const loss = scope.alloc(M);
      exports.softmaxCrossEntropy(M, C, x, t, ignoreIndex, labelSmoothing, loss);
      return heap.take(loss, M);
    }
    const dx = scope.alloc(M * C);
    const g = scope.put(dLoss.data as Float32Array);
    exports.softmaxCrossEntropyGrad(M, C, x, t, g, ignoreIndex, labelSmoothing, dx);
    return heap.take(dx, M * C);
  } finally {
    scope.close();
  }
}
