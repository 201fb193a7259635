// wasm MatMul (float32): each batch entry one packed product. A 2-D `b` (a layer's weight) is
// packed once for every batch entry, and stays packed from its second use on (resident.ts).
import { matrixDims } from '../../kernels/mat-mul';
import type { TensorMeta } from '../../kernels/kernel-spec';
import { broadcastStrides } from '../../shape';
import type { DataHandle, TensorInfo } from '../backend';
import { forEachOffset } from '../cpu/indexing';
import { wasmKernels } from './kernels';
import { product, productPacked } from './products';
import { packedWeight, Scope } from './resident';

/** Runs MatMul on float32 operands in wasm. */
export function wasmMatMul(
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
  meta: TensorMeta,
): DataHandle {
  const kernels = wasmKernels();
  const { heap } = kernels;
  const [m, k] = matrixDims(a.shape, transposeA);
  const [, n] = matrixDims(b.shape, transposeB);
  const batchShape = meta.shape.slice(0, -2);
  const aBatch = broadcastStrides(a.shape.slice(0, -2), batchShape).map((s) => s * m * k);
  const bBatch = broadcastStrides(b.shape.slice(0, -2), batchShape).map((s) => s * k * n);
  const [am, ak] = transposeA ? [1, m] : [k, 1];
  const [bk, bn] = transposeB ? [1, k] : [n, 1];
  const total = meta.shape.reduce((x, y) => x * y, 1);
  const scope = new Scope(kernels);
  try {
    const aPtr = scope.put(a.data as Float32Array);
    const out = scope.alloc(total);
    // One packed B serves every batch entry when b has no batch axes.
    const shared = b.shape.length === 2;
    const packed = shared
      ? packedWeight(kernels, scope, b.data, b.data as Float32Array, {
          K: k,
          N: n,
          bk,
          bn,
          offset: 0,
        })
      : 0;
    // A batch of row-major A against one B is a single product with the batch stacked in M.
    const rows = total / n;
    if (shared && !transposeA && a.shape.length - 2 === batchShape.length && rows > m) {
      const p = { M: rows, N: n, K: k, a: aPtr, am, ak, c: out, ldc: n, accumulate: false };
      productPacked(kernels, scope, p, packed);
      return heap.take(out, total);
    }
    const bAll = shared ? 0 : scope.put(b.data as Float32Array);
    let offset = 0;
    forEachOffset(batchShape, [aBatch, bBatch], ([aStart = 0, bStart = 0]) => {
      const p = {
        M: m,
        N: n,
        K: k,
        a: aPtr + aStart * 4,
        am,
        ak,
        c: out + offset * 4,
        ldc: n,
        accumulate: false,
      };
      if (shared) productPacked(kernels, scope, p, packed);
      else product(kernels, scope, p, bAll + bStart * 4, bk, bn);
      offset += m * n;
    });
    return heap.take(out, total);
  } finally {
    scope.close();
  }
}
