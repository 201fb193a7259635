// crossEntropy: hand-computed values, a naive loop over classes, ignoreIndex, label smoothing,
// class axis 1 for [N, C, d] input, stability at ±1e4, gradcheck in float64 and its errors.
import { gradcheck } from '@unroll/autograd';
import { testRandom, thrown } from '@unroll/test-utils';
import { ArgumentError, DTypeError, ShapeError, type Tensor, tensor, zeros } from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import { crossEntropy } from './cross-entropy';

const int = (values: number[] | number[][] | number): Tensor => tensor(values, { dtype: 'int32' });
const f64 = (values: number[] | number[][]): Tensor => tensor(values, { dtype: 'float64' });

/** −log softmax(row)[target], summed in the most obvious way. */
function naiveLoss(row: readonly number[], target: number, smoothing = 0): number {
  const logZ = Math.log(row.reduce((total, x) => total + Math.exp(x), 0));
  const logP = row.map((x) => x - logZ);
  const nll = -(logP[target] ?? NaN);
  const uniform = -logP.reduce((total, x) => total + x, 0) / row.length;
  return (1 - smoothing) * nll + smoothing * uniform;
}

describe('crossEntropy values', () => {
  const logits = [
    [2, 0, -1],
    [0.5, 0.5, 3],
  ];

  it('matches a value computed by hand', () => {
    // log(e² + 1 + e⁻¹) − 2 and log(2·e^0.5 + e³) − 3, averaged.
    const first = Math.log(Math.exp(2) + 1 + Math.exp(-1)) - 2;
    const second = Math.log(2 * Math.exp(0.5) + Math.exp(3)) - 3;
    const loss = crossEntropy(f64(logits), int([0, 2]));
    expect(loss.shape).toEqual([]);
    expect(loss.item()).toBeCloseTo(0.16092720197371047, 14);
    expect(loss.item()).toBeCloseTo((first + second) / 2, 14);
  });

  it('matches the naive formula on random [4, 5] logits for every reduction', () => {
    const random = testRandom(1);
    const rows = Array.from({ length: 4 }, () => random.array(5, -3, 3));
    const targets = [4, 0, 2, 2];
    const expected = rows.map((row, n) => naiveLoss(row, targets[n] ?? 0));
    const input = f64(rows);
    const none = crossEntropy(input, int(targets), { reduction: 'none' });
    expect(none.shape).toEqual([4]);
    expect(none).toBeAllClose(expected, { rtol: 1e-13, atol: 0 });
    const total = expected.reduce((a, b) => a + b, 0);
    expect(crossEntropy(input, int(targets), { reduction: 'sum' }).item()).toBeCloseTo(total, 12);
    expect(crossEntropy(input, int(targets)).item()).toBeCloseTo(total / 4, 12);
  });

  it('takes unbatched [C] logits with a scalar target', () => {
    const loss = crossEntropy(f64([1, 2, 3]), int(1), { reduction: 'none' });
    expect(loss.shape).toEqual([]);
    expect(loss.item()).toBeCloseTo(naiveLoss([1, 2, 3], 1), 14);
  });

  it('uses axis 1 as the class axis for [N, C, d] input', () => {
    // x[n][c][d] = values at n*6 + c*2 + d; row (n, d) is x[n][:][d].
    const random = testRandom(2);
    const values = random.array(12, -2, 2);
    const input = tensor(values, { dtype: 'float64' }).reshape([2, 3, 2]);
    const targets = [
      [0, 2],
      [1, 1],
    ];
    const loss = crossEntropy(input, int(targets.flat()).reshape([2, 2]), { reduction: 'none' });
    expect(loss.shape).toEqual([2, 2]);
    const expected = [0, 1].map((n) =>
      [0, 1].map((d) => {
        const row = [0, 1, 2].map((c) => values[n * 6 + c * 2 + d] ?? NaN);
        return naiveLoss(row, targets[n]?.[d] ?? 0);
      }),
    );
    expect(loss).toBeAllClose(expected, { rtol: 1e-13, atol: 0 });
  });

  it('keeps float32 input in float32', () => {
    const loss = crossEntropy(tensor(logits), int([0, 2]));
    expect(loss.dtype).toBe('float32');
    expect(loss.item()).toBeCloseTo(0.16092720197371047, 6);
  });
});

describe('crossEntropy ignoreIndex', () => {
  const rows = [
    [1, 0, 0],
    [0, 3, 1],
    [2, 2, -1],
  ];

  it('zeroes ignored targets and averages over the others only', () => {
    const input = f64(rows);
    const none = crossEntropy(input, int([0, -100, 1]), { reduction: 'none' });
    expect(none).toBeAllClose([naiveLoss(rows[0] ?? [], 0), 0, naiveLoss(rows[2] ?? [], 1)], {
      rtol: 1e-13,
      atol: 0,
    });
    const mean = crossEntropy(input, int([0, -100, 1])).item();
    expect(mean).toBeCloseTo((naiveLoss(rows[0] ?? [], 0) + naiveLoss(rows[2] ?? [], 1)) / 2, 13);
    const sum = crossEntropy(input, int([0, -100, 1]), { reduction: 'sum' }).item();
    expect(sum).toBeCloseTo(naiveLoss(rows[0] ?? [], 0) + naiveLoss(rows[2] ?? [], 1), 13);
  });

  it('ignores a custom ignoreIndex that is also a valid class', () => {
    const loss = crossEntropy(f64(rows), int([2, 2, 0]), { ignoreIndex: 2 });
    expect(loss.item()).toBeCloseTo(naiveLoss(rows[2] ?? [], 0), 13);
  });

  it('gives NaN for the mean when every target is ignored, as PyTorch does', () => {
    expect(crossEntropy(f64(rows), int([-100, -100, -100])).item()).toBeNaN();
    expect(crossEntropy(f64(rows), int([-100, -100, -100]), { reduction: 'sum' }).item()).toBe(0);
  });

  it('sends no gradient to ignored rows', () => {
    const input = tensor(rows, { dtype: 'float64', requiresGrad: true });
    crossEntropy(input, int([0, -100, 1])).backward();
    const gradient = input.grad?.toArray() as number[][];
    expect(gradient[1]).toEqual([0, 0, 0]);
    // softmax − onehot, divided by the 2 kept rows.
    const softmax0 = [Math.E, 1, 1].map((v) => v / (Math.E + 2));
    expect(gradient[0]).toBeAllClose([(softmax0[0]! - 1) / 2, softmax0[1]! / 2, softmax0[2]! / 2], {
      rtol: 1e-13,
      atol: 1e-16,
    });
  });
});

describe('crossEntropy label smoothing', () => {
  it('matches a tiny case computed by hand', () => {
    // q = 0.7·onehot(0) + 0.3/3 = [0.8, 0.1, 0.1]; loss = logsumexp(x) − q·x = lse − 1.3.
    const lse = Math.log(Math.E + Math.exp(2) + Math.exp(3));
    const loss = crossEntropy(f64([[1, 2, 3]]), int([0]), { labelSmoothing: 0.3 });
    expect(loss.item()).toBeCloseTo(lse - 1.3, 14);
    expect(loss.item()).toBeCloseTo(2.10760596444438, 13);
  });

  it('mixes NLL and the uniform term per row, and averages over non-ignored rows', () => {
    const random = testRandom(3);
    const rows = Array.from({ length: 3 }, () => random.array(4, -2, 2));
    const loss = crossEntropy(f64(rows), int([3, -100, 0]), { labelSmoothing: 0.25 });
    const expected = (naiveLoss(rows[0] ?? [], 3, 0.25) + naiveLoss(rows[2] ?? [], 0, 0.25)) / 2;
    expect(loss.item()).toBeCloseTo(expected, 13);
    const none = crossEntropy(f64(rows), int([3, -100, 0]), {
      labelSmoothing: 0.25,
      reduction: 'none',
    });
    expect(none.toArray()).toEqual([expect.any(Number), 0, expect.any(Number)]);
  });

  it('with ε = 1 is the uniform term alone', () => {
    const loss = crossEntropy(f64([[1, 2, 3]]), int([2]), { labelSmoothing: 1 });
    const lse = Math.log(Math.E + Math.exp(2) + Math.exp(3));
    expect(loss.item()).toBeCloseTo(lse - 2, 14);
  });
});

describe('crossEntropy stability', () => {
  it('gives finite losses and gradients for logits of ±1e4 in float32 and float64', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const input = tensor(
        [
          [1e4, -1e4, 0],
          [-1e4, -1e4, 1e4],
        ],
        { dtype, requiresGrad: true },
      );
      const loss = crossEntropy(input, int([1, 2]), { labelSmoothing: 0.1 });
      // log p = [0, −2e4, −1e4] and [−2e4, −2e4, 0]: rows 0.9·2e4 + 0.1·1e4 and 0.1·4e4/3.
      expect(loss.item()).toBeCloseTo((19000 + 4000 / 3) / 2, dtype === 'float64' ? 9 : 2);
      loss.backward();
      expect(Array.from(input.grad?.data() ?? []).every(Number.isFinite)).toBe(true);
      const plain = crossEntropy(input, int([1, 2]), { reduction: 'none' });
      expect(plain).toBeAllClose([2e4, 0], { atol: 0, rtol: 0 });
    }
  });
});

describe('crossEntropy gradients', () => {
  const random = testRandom(4);

  it('passes gradcheck for [N, C] with ignoreIndex and label smoothing', () => {
    const logits = f64([random.array(4), random.array(4), random.array(4)]);
    const targets = int([1, -100, 3]);
    const report = gradcheck((x) => crossEntropy(x, targets, { labelSmoothing: 0.2 }), [logits]);
    expect(report).toPassGradcheck();
  });

  it('passes gradcheck for [N, C, d] with reduction none', () => {
    const logits = tensor(random.array(12), { dtype: 'float64' }).reshape([2, 3, 2]);
    const targets = int([0, 2, 1, 0]).reshape([2, 2]);
    const report = gradcheck((x) => crossEntropy(x, targets, { reduction: 'none' }), [logits]);
    expect(report).toPassGradcheck();
  });
});

describe('crossEntropy errors', () => {
  const logits = zeros([2, 3]);

  it('names both shapes when the target does not fit', () => {
    const error = thrown(() => crossEntropy(logits, int([0, 1, 2])));
    expect(ShapeError.isInstance(error)).toBe(true);
    expect(error.message).toBe(
      'crossEntropy: target must have shape [2] (input [2, 3] without its class axis), got [3].',
    );
    expect(thrown(() => crossEntropy(zeros([]), int(0))).message).toContain('got [].');
  });

  it('rejects a float target and an int32 input', () => {
    const target = thrown(() => crossEntropy(logits, tensor([0, 1])));
    expect(DTypeError.isInstance(target)).toBe(true);
    expect(target.message).toContain('target must hold int32 class indices, got dtype float32');
    const input = thrown(() => crossEntropy(int([[0, 1, 2]]), int([0])));
    expect(DTypeError.isInstance(input)).toBe(true);
    expect(input.message).toContain('input must have dtype float32 or float64, got int32');
  });

  it('rejects class indices out of range, naming the range and the value', () => {
    const error = thrown(() => crossEntropy(logits, int([0, 3])));
    expect(ArgumentError.isInstance(error)).toBe(true);
    expect(error.message).toBe(
      'crossEntropy: target must hold class indices in [0, 2] or ignoreIndex -100, got 3.',
    );
    expect(thrown(() => crossEntropy(logits, int([-1, 0]))).message).toContain('got -1.');
  });

  it('rejects bad options', () => {
    expect(thrown(() => crossEntropy(logits, int([0, 1]), { labelSmoothing: 1.5 })).message).toBe(
      'crossEntropy: options.labelSmoothing must be in [0, 1], got 1.5.',
    );
    const reduction = thrown(() =>
      crossEntropy(logits, int([0, 1]), { reduction: 'avg' as 'mean' }),
    );
    expect(ArgumentError.isInstance(reduction)).toBe(true);
    expect(reduction.message).toBe(
      `crossEntropy: options.reduction must be 'mean', 'sum' or 'none', got "avg".`,
    );
  });
});
