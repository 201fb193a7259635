// binaryCrossEntropyWithLogits: the naive −[p·y·log σ(x) + (1−y)·log(1−σ(x))], posWeight and
// weight, reductions, stability for |x| = 1e4, gradcheck in float64 and errors.
import { gradcheck } from '@unroll/autograd';
import { testRandom, thrown } from '@unroll/test-utils';
import { DTypeError, ShapeError, type Tensor, tensor, zeros } from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import { binaryCrossEntropyWithLogits } from './binary-cross-entropy-with-logits';

const f64 = (values: number[] | number[][]): Tensor => tensor(values, { dtype: 'float64' });
const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
/** The textbook formula; fine for moderate x. */
const naive = (x: number, y: number, p = 1): number =>
  -(p * y * Math.log(sigmoid(x)) + (1 - y) * Math.log(1 - sigmoid(x)));

describe('binaryCrossEntropyWithLogits', () => {
  const random = testRandom(5);
  const x = random.array(6, -4, 4);
  const y = random.array(6, 0, 1);

  it('matches a hand-computed value', () => {
    // softplus(−3) and −2 + softplus(2), averaged.
    const loss = binaryCrossEntropyWithLogits(f64([3, -2]), f64([1, 0]));
    expect(loss.item()).toBeCloseTo((Math.log1p(Math.exp(-3)) + Math.log1p(Math.exp(-2))) / 2, 14);
  });

  it('matches the naive formula for soft targets in every reduction', () => {
    const expected = x.map((xi, i) => naive(xi, y[i] ?? NaN));
    const none = binaryCrossEntropyWithLogits(f64(x), f64(y), { reduction: 'none' });
    expect(none).toBeAllClose(expected, { rtol: 1e-12, atol: 0 });
    const total = expected.reduce((a, b) => a + b, 0);
    expect(binaryCrossEntropyWithLogits(f64(x), f64(y), { reduction: 'sum' }).item()).toBeCloseTo(
      total,
      12,
    );
    expect(binaryCrossEntropyWithLogits(f64(x), f64(y)).item()).toBeCloseTo(total / 6, 12);
  });

  it('weights the positive term by posWeight (broadcast per class) and rescales by weight', () => {
    const input = tensor(x, { dtype: 'float64' }).reshape([2, 3]);
    const target = tensor(y, { dtype: 'float64' }).reshape([2, 3]);
    const posWeight = f64([0.5, 2, 3]);
    const weight = f64([[1], [0.25]]);
    const loss = binaryCrossEntropyWithLogits(input, target, {
      posWeight,
      weight,
      reduction: 'none',
    });
    const expected = [0, 1].map((n) =>
      [0, 1, 2].map(
        (c) =>
          (n === 0 ? 1 : 0.25) * naive(x[n * 3 + c] ?? NaN, y[n * 3 + c] ?? NaN, [0.5, 2, 3][c]),
      ),
    );
    expect(loss).toBeAllClose(expected, { rtol: 1e-12, atol: 0 });
  });

  it('is finite and exact for logits of ±1e4', () => {
    const loss = binaryCrossEntropyWithLogits(
      tensor([1e4, -1e4, 1e4, -1e4]),
      tensor([1, 0, 0, 1]),
      { reduction: 'none' },
    );
    expect(loss).toBeAllClose([0, 0, 1e4, 1e4], { atol: 0, rtol: 0 });
    const input = tensor([1e4, -1e4], { dtype: 'float64', requiresGrad: true });
    binaryCrossEntropyWithLogits(input, f64([0, 0])).backward();
    // d/dx = (σ(x) − y) / N
    expect(input.grad).toBeAllClose([0.5, 0], { atol: 1e-300, rtol: 0 });
  });

  it('passes gradcheck in the logits, the targets and posWeight', () => {
    const report = gradcheck(
      (input, target, posWeight) => binaryCrossEntropyWithLogits(input, target, { posWeight }),
      [f64(x.slice(0, 4)), f64(y.slice(0, 4)), f64([0.7, 1.3, 2, 0.4])],
    );
    expect(report).toPassGradcheck();
  });

  it('names both shapes on a mismatch and rejects integer targets', () => {
    const shape = thrown(() => binaryCrossEntropyWithLogits(zeros([2, 3]), zeros([3, 2])));
    expect(ShapeError.isInstance(shape)).toBe(true);
    expect(shape.message).toBe(
      'binaryCrossEntropyWithLogits: target must have the shape of input [2, 3], got [3, 2]. Hint: reshape one of them; losses do not broadcast.',
    );
    const posWeight = thrown(() =>
      binaryCrossEntropyWithLogits(zeros([2, 3]), zeros([2, 3]), { posWeight: zeros([2]) }),
    );
    expect(posWeight.message).toBe(
      "binaryCrossEntropyWithLogits: options.posWeight must broadcast to the input's shape [2, 3], got [2].",
    );
    const dtype = thrown(() =>
      binaryCrossEntropyWithLogits(zeros([2]), tensor([0, 1], { dtype: 'int32' })),
    );
    expect(DTypeError.isInstance(dtype)).toBe(true);
    expect(dtype.message).toContain('target must have dtype float32 or float64, got int32');
  });
});
