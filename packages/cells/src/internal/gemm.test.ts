// The blocked products against a naive triple loop, for sizes that exercise every remainder
// path (odd m, n, k), offsets, strides and both accumulate modes.
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { gemmNN, gemmNT, gemmTN } from './gemm';

const filled = (length: number, seed: number): Float64Array =>
  Float64Array.from({ length }, (_, k) => Math.sin(seed * 7.1 + k * 1.3));

const sizes = fc.tuple(
  fc.integer({ min: 1, max: 9 }),
  fc.integer({ min: 1, max: 9 }),
  fc.integer({ min: 1, max: 70 }),
  fc.boolean(),
);

test.prop([sizes], { seed: 5, numRuns: 60 })('gemmNT: C (+)= A·Bᵀ', ([m, n, k, accumulate]) => {
  const a = filled(3 + m * k, 1);
  const b = filled(2 + n * k, 2);
  const c = filled(1 + m * n, 3);
  const expected = c.slice();
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let total = 0;
      for (let p = 0; p < k; p++) total += a[3 + i * k + p]! * b[2 + j * k + p]!;
      expected[1 + i * n + j] = (accumulate ? expected[1 + i * n + j]! : 0) + total;
    }
  gemmNT(m, n, k, a, 3, b, 2, c, 1, accumulate);
  expect(Array.from(c)).toBeAllClose(Array.from(expected), { atol: 1e-12, rtol: 1e-12 });
});

test.prop([sizes], { seed: 6, numRuns: 60 })('gemmNN: C (+)= A·B', ([m, n, k, accumulate]) => {
  const a = filled(2 + m * k, 4);
  const b = filled(1 + k * n, 5);
  const c = filled(3 + m * n, 6);
  const expected = c.slice();
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let total = 0;
      for (let p = 0; p < k; p++) total += a[2 + i * k + p]! * b[1 + p * n + j]!;
      expected[3 + i * n + j] = (accumulate ? expected[3 + i * n + j]! : 0) + total;
    }
  gemmNN(m, n, k, a, 2, b, 1, c, 3, accumulate);
  expect(Array.from(c)).toBeAllClose(Array.from(expected), { atol: 1e-12, rtol: 1e-12 });
});

test.prop([sizes], { seed: 7, numRuns: 60 })('gemmTN: C += Aᵀ·B with strides', ([m, n, k]) => {
  const aStride = m + 2;
  const bStride = n + 1;
  const a = filled(1 + k * aStride, 7);
  const b = filled(2 + k * bStride, 8);
  const c = filled(m * n, 9);
  const expected = c.slice();
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let total = 0;
      for (let p = 0; p < k; p++) total += a[1 + p * aStride + i]! * b[2 + p * bStride + j]!;
      expected[i * n + j] = expected[i * n + j]! + total;
    }
  gemmTN(m, n, k, a, 1, aStride, b, 2, bStride, c, 0);
  expect(Array.from(c)).toBeAllClose(Array.from(expected), { atol: 1e-12, rtol: 1e-12 });
});
