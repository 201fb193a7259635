import fc from 'fast-check';
import { testRandom } from '@unroll/test-utils';
import { describe, expect, it } from 'vitest';
import { matmul, outer, ShapeError, tensor, transpose, type DType, type Tensor } from '../index';

/** A `rows × columns` tensor of seeded values in [-1, 1), with the plain nested array. */
function randomMatrix(rows: number, columns: number, seed: number, dtype: DType = 'float64') {
  const random = testRandom(seed);
  const values = Array.from({ length: rows }, () => random.array(columns));
  return { values, t: tensor(values, { dtype }) };
}

/** The oracle: a float64 triple loop. */
function naiveMatmul(
  a: readonly (readonly number[])[],
  b: readonly (readonly number[])[],
): number[][] {
  const k = b.length;
  const n = b[0]?.length ?? 0;
  return a.map((row) =>
    Array.from({ length: n }, (_, j) => {
      let total = 0;
      for (let p = 0; p < k; p++) total += (row[p] ?? NaN) * (b[p]?.[j] ?? NaN);
      return total;
    }),
  );
}

const dims = fc.tuple(
  fc.integer({ min: 1, max: 5 }),
  fc.integer({ min: 1, max: 5 }),
  fc.integer({ min: 1, max: 5 }),
  fc.integer(),
);

describe('matmul of 2-D operands', () => {
  it('matches a naive float64 triple loop in float64 (property)', () => {
    fc.assert(
      fc.property(dims, ([m, k, n, seed]) => {
        const a = randomMatrix(m, k, seed);
        const b = randomMatrix(k, n, seed + 1);
        const out = matmul(a.t, b.t);
        expect(out.shape).toEqual([m, n]);
        expect(out.dtype).toBe('float64');
        expect(out).toBeAllClose(naiveMatmul(a.values, b.values), { atol: 1e-14, rtol: 1e-14 });
      }),
      { seed: 42, numRuns: 100 },
    );
  });

  it('matches it in float32 up to float32 rounding (property)', () => {
    fc.assert(
      fc.property(dims, ([m, k, n, seed]) => {
        const a = randomMatrix(m, k, seed, 'float32');
        const b = randomMatrix(k, n, seed + 1, 'float32');
        const rounded = (x: Tensor): number[][] => x.toArray() as number[][];
        const out = matmul(a.t, b.t);
        expect(out.dtype).toBe('float32');
        expect(out).toBeAllClose(naiveMatmul(rounded(a.t), rounded(b.t)), {
          atol: 1e-6,
          rtol: 1e-6,
        });
      }),
      { seed: 43, numRuns: 50 },
    );
  });

  it('gives known values, and int32 stays int32', () => {
    const a = tensor([
      [1, 2],
      [3, 4],
    ]);
    expect(matmul(a, a).toArray()).toEqual([
      [7, 10],
      [15, 22],
    ]);
    expect(a.matmul(a).sum().item()).toBe(54);
    const i = tensor([[1, 2]], { dtype: 'int32' });
    const out = matmul(i, tensor([[3], [4]], { dtype: 'int32' }));
    expect([out.dtype, out.toArray()]).toEqual(['int32', [[11]]]);
    expect(matmul(i, tensor([[0.5], [0.25]])).dtype).toBe('float32');
  });
});

describe('matmul of few features', () => {
  // The wasm backend multiplies K ≤ 4 without its packed micro-kernel, and Aᵀ·B with N ≤ 4
  // (a weight gradient of few input features) by scaled row sums.
  const float32 = (t: Tensor): number[][] => t.toArray() as number[][];
  it.each([
    [37, 1, 20],
    [9, 3, 17],
    [5, 4, 8],
    [64, 2, 1],
  ])('[%i, %i] · [%i columns] matches float64 products', (m, k, n) => {
    const a = randomMatrix(m, k, m, 'float32');
    const b = randomMatrix(k, n, n, 'float32');
    expect(matmul(a.t, b.t)).toBeAllClose(naiveMatmul(float32(a.t), float32(b.t)), {
      atol: 1e-6,
      rtol: 1e-6,
    });
  });

  it.each([1, 3])('Aᵀ · B over 300 rows with %i columns (batched, transposed A)', (n) => {
    const a = randomMatrix(300, 13, 5, 'float32');
    const b = randomMatrix(300, n, 6, 'float32');
    const product = matmul(a.t.reshape([1, 300, 13]), b.t.reshape([1, 300, n]), {
      transposeA: true,
    });
    const aT = float32(transpose(a.t, 0, 1));
    expect(product.reshape([13, n])).toBeAllClose(naiveMatmul(aT, float32(b.t)), {
      atol: 1e-4,
      rtol: 1e-5,
    });
  });
});

describe('batched matmul', () => {
  it('broadcasts batch axes and matches per-batch products', () => {
    const random = testRandom(17);
    const aValues = Array.from({ length: 2 }, () => [
      Array.from({ length: 3 }, () => random.array(4)),
    ]);
    const bValues = Array.from({ length: 3 }, () =>
      Array.from({ length: 4 }, () => random.array(2)),
    );
    const a = tensor(aValues, { dtype: 'float64' }); // [2, 1, 3, 4]
    const b = tensor(bValues, { dtype: 'float64' }); // [3, 4, 2]
    const out = matmul(a, b);
    expect(out.shape).toEqual([2, 3, 3, 2]);
    const expected = aValues.map((group) => bValues.map((bm) => naiveMatmul(group[0] ?? [], bm)));
    expect(out).toBeAllClose(expected, { atol: 1e-14, rtol: 1e-14 });
  });

  it('rejects batch axes that cannot broadcast', () => {
    expect(() =>
      matmul(
        tensor(new Float64Array(24)).reshape([2, 3, 4]),
        tensor(new Float64Array(24)).reshape([3, 4, 2]),
      ),
    ).toThrow(ShapeError);
  });
});

describe('matmul of 1-D operands', () => {
  const v = tensor([1, 2, 3]);
  const m = tensor([
    [1, 0, 2],
    [0, 1, 1],
  ]);

  it('vector · vector is a scalar', () => {
    const out = matmul(v, tensor([4, 5, 6]));
    expect([out.shape, out.item()]).toEqual([[], 32]);
  });

  it('matrix · vector and vector · matrix drop the added axis', () => {
    expect(matmul(m, v).toArray()).toEqual([7, 5]);
    expect(matmul(tensor([1, 2]), m).toArray()).toEqual([1, 2, 4]);
    const batch = tensor([
      [
        [1, 0, 0],
        [0, 0, 1],
      ],
    ]);
    expect(matmul(batch, v).toArray()).toEqual([[1, 3]]);
    expect(matmul(v, transpose(batch)).toArray()).toEqual([[1, 3]]);
  });

  it('rejects scalars and mismatched lengths, naming both shapes', () => {
    expect(() => matmul(tensor(2), v)).toThrow(
      'matmul: both operands must have at least one dimension, got a [] and b [3].',
    );
    expect(() => matmul(v, tensor([1, 2]))).toThrow('got a [3] and b [2]');
  });
});

describe('transposed operands', () => {
  const a = randomMatrix(3, 4, 1);
  const b = randomMatrix(5, 4, 2);
  const c = randomMatrix(3, 2, 3);
  const d = randomMatrix(5, 3, 4);

  it('transposeB equals multiplying by the transpose', () => {
    const out = matmul(a.t, b.t, { transposeB: true });
    expect(out.shape).toEqual([3, 5]);
    expect(out).toBeAllClose(matmul(a.t, transpose(b.t)), { atol: 0, rtol: 0 });
    expect(out).toBeAllClose(naiveMatmul(a.values, transpose(b.t).toArray() as number[][]), {
      atol: 1e-14,
    });
  });

  it('transposeA and both transposes, batched too', () => {
    expect(matmul(a.t, c.t, { transposeA: true })).toBeAllClose(matmul(transpose(a.t), c.t), {
      atol: 0,
      rtol: 0,
    });
    const both = matmul(c.t, d.t, { transposeA: true, transposeB: true });
    expect(both.shape).toEqual([2, 5]);
    const cT = transpose(c.t).toArray() as number[][];
    expect(both).toBeAllClose(naiveMatmul(cT, transpose(d.t).toArray() as number[][]), {
      atol: 1e-14,
    });
    const batched = matmul(a.t.reshape([1, 3, 4]), b.t.reshape([1, 5, 4]), { transposeB: true });
    expect(batched.reshape([3, 5])).toBeAllClose(matmul(a.t, transpose(b.t)), { atol: 0, rtol: 0 });
  });

  it('says the mismatch is after transposition', () => {
    expect(() => matmul(a.t, c.t, { transposeB: true })).toThrow(
      "got a [3, 4] and b [3, 2] (a's last dimension 4 ≠ b's first dimension 2, after transposition).",
    );
  });
});

describe('outer', () => {
  it('multiplies every pair', () => {
    expect(outer(tensor([1, 2]), tensor([3, 4, 5])).toArray()).toEqual([
      [3, 4, 5],
      [6, 8, 10],
    ]);
  });

  it('requires two vectors', () => {
    expect(() => outer(tensor([[1]]), tensor([1]))).toThrow(
      'outer: a and b must be 1-D, got a [1, 1] and b [1].',
    );
  });
});

describe('matmul errors', () => {
  it('names both shapes on an inner-dimension mismatch', () => {
    const a = tensor(new Float32Array(12)).reshape([3, 4]);
    const b = tensor(new Float32Array(30)).reshape([5, 6]);
    expect(() => matmul(a, b)).toThrow(ShapeError);
    expect(() => matmul(a, b)).toThrow(
      'matmul: inner dimensions must match, got a [3, 4] and b [5, 6]',
    );
  });
});
