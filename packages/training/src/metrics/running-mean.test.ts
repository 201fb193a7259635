// RunningMean: unweighted and weighted means, tensors as values, reset, and errors.
import { tensor } from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import { RunningMean } from './running-mean';

describe('RunningMean', () => {
  it('averages values with unit weights', () => {
    const mean = new RunningMean();
    [1, 2, 6].forEach((value) => mean.add(value));
    expect(mean.value).toBe(3);
    expect(mean.weight).toBe(3);
  });

  it('weights values, and reads one-element tensors', () => {
    const mean = new RunningMean();
    mean.add(tensor(2, { dtype: 'float64' }), 3);
    mean.add(tensor([10]), 1);
    mean.add(100, 0);
    expect(mean.value).toBe((2 * 3 + 10) / 4);
  });

  it('is NaN when empty and after reset', () => {
    const mean = new RunningMean();
    expect(mean.value).toBeNaN();
    mean.add(5);
    mean.reset();
    expect(mean.value).toBeNaN();
    mean.add(7);
    expect(mean.value).toBe(7);
  });

  it('rejects negative weights and multi-element tensors', () => {
    const mean = new RunningMean();
    expect(() => mean.add(1, -1)).toThrow(
      'RunningMean.add: weight must be a finite number ≥ 0, got -1.',
    );
    expect(() => mean.add(tensor([1, 2]))).toThrow(
      'RunningMean.add: value must be a number or a one-element tensor, got a tensor of shape [2].',
    );
    expect(mean.value).toBeNaN();
  });
});
