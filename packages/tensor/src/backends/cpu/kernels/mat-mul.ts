// cpu MatMul: a plain triple loop per batch entry, accumulating in float64. This is the
// oracle the fast backends are checked against, so it favours clarity over speed.
import { allocateTypedArray } from '../../../dtype';
import { matrixDims } from '../../../kernels/mat-mul';
import { broadcastStrides } from '../../../shape';
import { input, output, type CpuKernel } from '../cpu-tensor';
import { forEachOffset } from '../indexing';

export const matMul: CpuKernel<'MatMul'> = (inputs, { transposeA, transposeB }, outputs) => {
  const a = input(inputs, 0);
  const b = input(inputs, 1);
  const meta = output(outputs);
  const [m, k] = matrixDims(a.shape, transposeA);
  const [, n] = matrixDims(b.shape, transposeB);
  const batchShape = meta.shape.slice(0, -2);
  const aBatch = broadcastStrides(a.shape.slice(0, -2), batchShape).map((s) => s * m * k);
  const bBatch = broadcastStrides(b.shape.slice(0, -2), batchShape).map((s) => s * k * n);
  // Element (i, p) of op(a) and (p, j) of op(b), as strides into the stored layouts.
  const [aRow, aCol] = transposeA ? [1, m] : [k, 1];
  const [bRow, bCol] = transposeB ? [1, k] : [n, 1];
  const av = a.values;
  const bv = b.values;
  const out = allocateTypedArray(
    meta.dtype,
    meta.shape.reduce((x, y) => x * y, 1),
  );
  const row = new Float64Array(n);
  let outOffset = 0;
  forEachOffset(batchShape, [aBatch, bBatch], ([aStart = 0, bStart = 0]) => {
    for (let i = 0; i < m; i++) {
      if (transposeB) {
        // Both operands are read along p: a dot product per output element.
        for (let j = 0; j < n; j++) {
          let total = 0;
          const bBase = bStart + j * k;
          for (let p = 0; p < k; p++) total += av[aStart + i * aRow + p * aCol]! * bv[bBase + p]!;
          row[j] = total;
        }
      } else {
        row.fill(0);
        for (let p = 0; p < k; p++) {
          const aValue = av[aStart + i * aRow + p * aCol]!;
          const bBase = bStart + p * bRow;
          for (let j = 0; j < n; j++) row[j] = row[j]! + aValue * bv[bBase + j * bCol]!;
        }
      }
      out.set(row, outOffset);
      outOffset += n;
    }
  });
  return [out];
};
