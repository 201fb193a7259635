// mse: the naive per-element formula, reductions, gradcheck in float64 and errors.
import { gradcheck } from '@unroll/autograd';
import { testRandom, thrown } from '@unroll/test-utils';
import { DTypeError, ShapeError, type Tensor, tensor, zeros } from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import { mse } from './mse';

const f64 = (values: number[]): Tensor => tensor(values, { dtype: 'float64' });

const random = testRandom(6);
const x = random.array(5, -3, 3);
const y = random.array(5, -3, 3);

describe('mse', () => {
  const expected = x.map((xi, i) => (xi - (y[i] ?? NaN)) ** 2);
  const total = expected.reduce((a, b) => a + b, 0);

  it('matches the naive formula for each reduction', () => {
    expect(mse(f64(x), f64(y), { reduction: 'none' })).toBeAllClose(expected, {
      rtol: 1e-14,
      atol: 0,
    });
    expect(mse(f64(x), f64(y), { reduction: 'sum' }).item()).toBeCloseTo(total, 13);
    expect(mse(f64(x), f64(y)).item()).toBeCloseTo(total / 5, 13);
  });

  it('passes gradcheck in both arguments', () => {
    expect(gradcheck((a, b) => mse(a, b), [f64(x), f64(y)])).toPassGradcheck();
  });

  it('names both shapes when they differ, instead of broadcasting', () => {
    const error = thrown(() => mse(zeros([4, 1]), zeros([4])));
    expect(ShapeError.isInstance(error)).toBe(true);
    expect(error.message).toContain('mse: target must have the shape of input [4, 1], got [4].');
  });

  it('matches a hand-computed value and rejects an integer target', () => {
    expect(mse(tensor([1, 2, 3]), tensor([1, 0, 0])).item()).toBeCloseTo(13 / 3, 6);
    const error = thrown(() => mse(zeros([2]), tensor([1, 2], { dtype: 'int32' })));
    expect(DTypeError.isInstance(error)).toBe(true);
    expect(error.message).toContain('mse: target must have dtype float32 or float64, got int32.');
  });
});
