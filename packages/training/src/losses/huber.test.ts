// huber: the naive two-branch formula, both branches either side of delta, reductions,
// gradcheck in float64 and errors.
import { gradcheck } from '@unroll/autograd';
import { testRandom, thrown } from '@unroll/test-utils';
import { ArgumentError, ShapeError, type Tensor, tensor, zeros } from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import { huber } from './huber';

const f64 = (values: number[]): Tensor => tensor(values, { dtype: 'float64' });

const random = testRandom(6);
const x = random.array(5, -3, 3);
const y = random.array(5, -3, 3);
const naiveHuber = (r: number, delta: number): number =>
  Math.abs(r) < delta ? 0.5 * r * r : delta * (Math.abs(r) - 0.5 * delta);

describe('huber', () => {
  const expected = x.map((xi, i) => naiveHuber(xi - (y[i] ?? NaN), 1));
  const total = expected.reduce((a, b) => a + b, 0);

  it('matches the naive formula for each reduction', () => {
    expect(huber(f64(x), f64(y), { reduction: 'none' })).toBeAllClose(expected, {
      rtol: 1e-14,
      atol: 0,
    });
    expect(huber(f64(x), f64(y), { reduction: 'sum' }).item()).toBeCloseTo(total, 13);
    expect(huber(f64(x), f64(y)).item()).toBeCloseTo(total / 5, 13);
  });

  it('passes gradcheck in both arguments', () => {
    expect(gradcheck((a, b) => huber(a, b), [f64(x), f64(y)])).toPassGradcheck();
  });

  it('names both shapes when they differ, instead of broadcasting', () => {
    const error = thrown(() => huber(zeros([4, 1]), zeros([4])));
    expect(ShapeError.isInstance(error)).toBe(true);
    expect(error.message).toContain('huber: target must have the shape of input [4, 1], got [4].');
  });

  it('is quadratic below delta and linear above it', () => {
    expect(huber(f64([0.5, 3, -3]), f64([0, 0, 0]), { reduction: 'none' })).toBeAllClose(
      [0.125, 2.5, 2.5],
      { atol: 0, rtol: 1e-15 },
    );
    // delta 2: 0.5·1.5² = 1.125 below, 2·(3 − 1) = 4 above.
    expect(huber(f64([1.5, 3]), f64([0, 0]), { delta: 2, reduction: 'none' })).toBeAllClose(
      [1.125, 4],
      { atol: 0, rtol: 1e-15 },
    );
  });

  it('rejects a non-positive delta', () => {
    const error = thrown(() => huber(zeros([2]), zeros([2]), { delta: 0 }));
    expect(ArgumentError.isInstance(error)).toBe(true);
    expect(error.message).toBe('huber: options.delta must be a positive number, got 0.');
  });
});
