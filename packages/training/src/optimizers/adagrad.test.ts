// Adagrad against its update rule written out per element, for 3 steps on a float64
// quadratic: defaults, learning-rate decay, initial accumulator and weight decay.
import { describe, expect, it } from 'vitest';
import { flatten, makeParameters, runNaive, runOptimizer, start } from './__fixtures__/quadratic';
import { Adagrad, type AdagradOptions } from './adagrad';

const tolerance = { rtol: 1e-12, atol: 1e-15 };

/** torch.optim.Adagrad's rule, one element at a time. */
function naiveAdagrad(
  options: AdagradOptions,
): (theta: number[], gradient: number[], k: number) => void {
  const {
    lr = 0.01,
    lrDecay = 0,
    weightDecay = 0,
    initialAccumulatorValue = 0,
    eps = 1e-10,
  } = options;
  const sum = start.map(() => initialAccumulatorValue);
  return (theta, gradient, k) => {
    const stepSize = lr / (1 + (k - 1) * lrDecay);
    theta.forEach((value, i) => {
      const g = (gradient[i] ?? NaN) + weightDecay * value;
      sum[i] = (sum[i] ?? NaN) + g * g;
      theta[i] = value - stepSize * (g / (Math.sqrt(sum[i] ?? NaN) + eps));
    });
  };
}

const variants: { name: string; options: AdagradOptions }[] = [
  { name: 'defaults', options: {} },
  { name: 'lrDecay', options: { lr: 0.5, lrDecay: 0.5 } },
  { name: 'initialAccumulatorValue', options: { lr: 0.5, initialAccumulatorValue: 2 } },
  { name: 'weight decay and eps', options: { lr: 0.5, weightDecay: 0.4, eps: 0.1 } },
];

describe('Adagrad', () => {
  it.each(variants)('matches the naive rule for 3 steps: $name', ({ options }) => {
    const parameters = makeParameters();
    const actual = runOptimizer(new Adagrad(parameters, options), parameters);
    expect(actual).toBeAllClose(runNaive(naiveAdagrad(options)), tolerance);
    expect(actual[2]).not.toBeAllClose(start, { atol: 1e-3 });
    expect(parameters[2]?.toArray()).toEqual([9, -9]);
  });

  it('distinguishes the variants (the oracle would notice a dropped option)', () => {
    const after = variants.map(({ options }) => runNaive(naiveAdagrad(options))[2] ?? []);
    for (let i = 2; i < after.length; i++) {
      expect(after[i]).not.toBeAllClose(after[1] ?? [], { atol: 1e-6 });
    }
  });

  it('saves sum and step, and a restored copy continues identically', () => {
    const options = { lr: 0.5, lrDecay: 0.5 };
    const parameters = makeParameters();
    const optimizer = new Adagrad(parameters, options);
    runOptimizer(optimizer, parameters, 2);
    const saved = optimizer.stateDict();
    expect(Object.keys(saved.state[0] ?? {}).sort()).toEqual(['step', 'sum']);
    const copy = makeParameters(flatten(parameters));
    const restored = new Adagrad(copy);
    restored.loadStateDict(saved);
    const continued = runOptimizer(optimizer, parameters, 2);
    // The learning-rate decay uses the restored per-parameter step (k = 3, 4).
    expect(runOptimizer(restored, copy, 2)).toEqual(continued);
    expect(runNaive(naiveAdagrad(options), 4).slice(2)).toBeAllClose(continued, tolerance);
  });

  it('rejects negative options, naming the option and the value', () => {
    expect(() => new Adagrad(makeParameters(), { lrDecay: -1 })).toThrow(
      'Adagrad: options.lrDecay must be a finite number ≥ 0, got -1.',
    );
    expect(() => new Adagrad(makeParameters(), { initialAccumulatorValue: -1 })).toThrow(
      'Adagrad: options.initialAccumulatorValue must be a finite number ≥ 0, got -1.',
    );
  });
});
