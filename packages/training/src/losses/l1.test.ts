// l1: the naive per-element formula, reductions, gradcheck in float64 and errors.
import { gradcheck } from '@unroll/autograd';
import { testRandom, thrown } from '@unroll/test-utils';
import { ArgumentError, ShapeError, type Tensor, tensor, zeros } from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import { l1 } from './l1';

const f64 = (values: number[]): Tensor => tensor(values, { dtype: 'float64' });

const random = testRandom(6);
const x = random.array(5, -3, 3);
const y = random.array(5, -3, 3);

describe('l1', () => {
  const expected = x.map((xi, i) => Math.abs(xi - (y[i] ?? NaN)));
  const total = expected.reduce((a, b) => a + b, 0);

  it('matches the naive formula for each reduction', () => {
    expect(l1(f64(x), f64(y), { reduction: 'none' })).toBeAllClose(expected, {
      rtol: 1e-14,
      atol: 0,
    });
    expect(l1(f64(x), f64(y), { reduction: 'sum' }).item()).toBeCloseTo(total, 13);
    expect(l1(f64(x), f64(y)).item()).toBeCloseTo(total / 5, 13);
  });

  it('passes gradcheck in both arguments', () => {
    expect(gradcheck((a, b) => l1(a, b), [f64(x), f64(y)])).toPassGradcheck();
  });

  it('names both shapes when they differ, instead of broadcasting', () => {
    const error = thrown(() => l1(zeros([4, 1]), zeros([4])));
    expect(ShapeError.isInstance(error)).toBe(true);
    expect(error.message).toContain('l1: target must have the shape of input [4, 1], got [4].');
  });

  it('matches a hand-computed value and rejects an unknown reduction', () => {
    expect(l1(tensor([1, 2, 3]), tensor([1, 0, 0])).item()).toBeCloseTo(5 / 3, 6);
    const error = thrown(() => l1(zeros([2]), zeros([2]), { reduction: 'total' as 'sum' }));
    expect(ArgumentError.isInstance(error)).toBe(true);
    expect(error.message).toBe(
      `l1: options.reduction must be 'mean', 'sum' or 'none', got "total".`,
    );
  });
});
