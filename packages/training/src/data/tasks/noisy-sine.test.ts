import { Generator } from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import { noisySine } from './noisy-sine';

/** Each window followed by its target, as one series per row. */
function series(
  inputs: Float32Array | Float64Array | Int32Array,
  targets: ArrayLike<number>,
  length: number,
) {
  return Array.from({ length: targets.length }, (_, n) => [
    ...Array.from(inputs.subarray(n * length, (n + 1) * length)),
    targets[n] ?? NaN,
  ]);
}

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

describe('noisySine', () => {
  it('gives float32 inputs [N, L, 1] and targets [N, 1]', () => {
    const { inputs, targets } = noisySine({ length: 8, count: 3, generator: new Generator(0) });
    expect(inputs.shape).toEqual([3, 8, 1]);
    expect(inputs.dtype).toBe('float32');
    expect(targets.shape).toEqual([3, 1]);
  });

  it('without noise, the target continues the sine: x_{t+1} = 2cos(ω)·x_t − x_{t−1}', () => {
    const period = 13;
    const { inputs, targets } = noisySine({
      length: 6,
      count: 20,
      noise: 0,
      period,
      generator: new Generator(1),
    });
    const c = 2 * Math.cos((2 * Math.PI) / period);
    const rows = series(inputs.data(), targets.data(), 6);
    const phases = new Set<number>();
    for (const x of rows) {
      phases.add(Math.round((x[0] ?? 0) * 1000));
      expect(x.every((value) => Math.abs(value) <= 1)).toBe(true);
      const predicted = x.slice(2).map((_, t) => c * (x[t + 1] ?? 0) - (x[t] ?? 0));
      expect(x.slice(2)).toBeAllClose(predicted, { atol: 1e-5, rtol: 0 });
    }
    expect(phases.size).toBeGreaterThan(15); // each window has its own phase
  });

  it('has the documented baselines: 1 − cos(2π/P) + 2σ² for the last value, 1/2 + σ² for zero', () => {
    const [length, noise, period] = [10, 0.1, 20];
    const { inputs, targets } = noisySine({
      length,
      count: 4000,
      noise,
      period,
      generator: new Generator(2),
    });
    const rows = series(inputs.data(), targets.data(), length);
    const persistence = mean(rows.map((x) => ((x[length] ?? 0) - (x[length - 1] ?? 0)) ** 2));
    expect(persistence).toBeCloseTo(1 - Math.cos((2 * Math.PI) / period) + 2 * noise ** 2, 2);
    expect(mean(rows.map((x) => (x[length] ?? 0) ** 2))).toBeCloseTo(0.5 + noise ** 2, 1);
    // The noise has the stated size: the recurrence residual has variance σ²(2 + 4cos²ω).
    const c = 2 * Math.cos((2 * Math.PI) / period);
    const residuals = rows.flatMap((x) =>
      x.slice(2).map((value, t) => value - c * (x[t + 1] ?? 0) + (x[t] ?? 0)),
    );
    expect(mean(residuals.map((r) => r * r)) / (noise ** 2 * (2 + c * c))).toBeCloseTo(1, 1);
  });

  it('rejects a negative noise level and a period of 2 or less', () => {
    expect(() => noisySine({ length: 4, count: 1, noise: -1 })).toThrow(
      'noisySine: options.noise must be a finite number ≥ 0, got -1.',
    );
    expect(() => noisySine({ length: 4, count: 1, period: 2 })).toThrow(/options.period/);
  });
});
