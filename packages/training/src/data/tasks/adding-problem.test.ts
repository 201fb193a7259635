import { ArgumentError, Generator } from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import { addingProblem } from './adding-problem';

describe('addingProblem', () => {
  it('gives float32 inputs [N, L, 2] and targets [N, 1]', () => {
    const { inputs, targets } = addingProblem({ length: 7, count: 5, generator: new Generator(0) });
    expect(inputs.shape).toEqual([5, 7, 2]);
    expect(inputs.dtype).toBe('float32');
    expect(targets.shape).toEqual([5, 1]);
    expect(targets.dtype).toBe('float32');
  });

  it('marks one step in each half, and the target is the sum of the two marked values', () => {
    const length = 9;
    const count = 200;
    const { inputs, targets } = addingProblem({ length, count, generator: new Generator(1) });
    const x = inputs.data();
    const expected: number[] = [];
    for (let n = 0; n < count; n++) {
      const marked: number[] = [];
      let sum = 0;
      for (let t = 0; t < length; t++) {
        const value = x[(n * length + t) * 2] ?? NaN;
        const marker = x[(n * length + t) * 2 + 1];
        expect(value >= 0 && value < 1).toBe(true);
        expect(marker === 0 || marker === 1).toBe(true);
        if (marker === 1) {
          marked.push(t);
          sum += value;
        }
      }
      expect(marked).toHaveLength(2);
      expect(marked[0]).toBeLessThan(5); // ⌈9/2⌉
      expect(marked[1]).toBeGreaterThanOrEqual(5);
      expected.push(sum);
    }
    expect(targets.flatten()).toBeAllClose(expected, { atol: 1e-6, rtol: 0 });
  });

  it('has the documented baseline: predicting 1 gives an MSE of about 1/6', () => {
    const { targets } = addingProblem({ length: 4, count: 4000, generator: new Generator(2) });
    const y = Array.from(targets.data());
    const mse = y.reduce((total, value) => total + (value - 1) ** 2, 0) / y.length;
    expect(mse).toBeCloseTo(1 / 6, 2);
  });

  it('is deterministic per seed', () => {
    const make = (seed: number) =>
      addingProblem({ length: 6, count: 3, generator: new Generator(seed) });
    expect(make(3).inputs.toArray()).toEqual(make(3).inputs.toArray());
    expect(make(3).inputs.toArray()).not.toEqual(make(4).inputs.toArray());
  });

  it('needs at least two steps', () => {
    expect(() => addingProblem({ length: 1, count: 1 })).toThrow(ArgumentError);
    expect(() => addingProblem({ length: 1, count: 1 })).toThrow(
      'addingProblem: options.length must be an integer ≥ 2, got 1.',
    );
  });
});
