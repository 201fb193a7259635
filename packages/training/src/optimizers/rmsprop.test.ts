// RMSprop against its update rule written out per element, for 3 steps on a float64
// quadratic: plain, centred, momentum, weight decay; its state names and option errors.
import { describe, expect, it } from 'vitest';
import { makeParameters, runNaive, runOptimizer, start } from './__fixtures__/quadratic';
import { RMSprop, type RMSpropOptions } from './rmsprop';

const tolerance = { rtol: 1e-12, atol: 1e-15 };

/** torch.optim.RMSprop's rule, one element at a time. */
function naiveRMSprop(options: RMSpropOptions): (theta: number[], gradient: number[]) => void {
  const { lr = 0.01, alpha = 0.99, eps = 1e-8, weightDecay = 0, momentum = 0 } = options;
  const centered = options.centered ?? false;
  const squareAvg = start.map(() => 0);
  const gradAvg = start.map(() => 0);
  const buffer = start.map(() => 0);
  return (theta, gradient) => {
    theta.forEach((value, i) => {
      const g = (gradient[i] ?? NaN) + weightDecay * value;
      squareAvg[i] = alpha * (squareAvg[i] ?? NaN) + (1 - alpha) * g * g;
      gradAvg[i] = alpha * (gradAvg[i] ?? NaN) + (1 - alpha) * g;
      const variance = centered
        ? (squareAvg[i] ?? NaN) - (gradAvg[i] ?? NaN) ** 2
        : (squareAvg[i] ?? NaN);
      const scaled = g / (Math.sqrt(variance) + eps);
      buffer[i] = momentum * (buffer[i] ?? NaN) + scaled;
      theta[i] = value - lr * (momentum > 0 ? (buffer[i] ?? NaN) : scaled);
    });
  };
}

const variants: { name: string; options: RMSpropOptions }[] = [
  { name: 'defaults', options: {} },
  { name: 'alpha and eps', options: { lr: 0.05, alpha: 0.7, eps: 0.01 } },
  { name: 'centered', options: { lr: 0.05, alpha: 0.8, centered: true } },
  { name: 'momentum', options: { lr: 0.05, alpha: 0.8, momentum: 0.9 } },
  {
    name: 'centered, momentum and weight decay',
    options: { lr: 0.02, alpha: 0.9, momentum: 0.5, centered: true, weightDecay: 0.3 },
  },
];

describe('RMSprop', () => {
  it.each(variants)('matches the naive rule for 3 steps: $name', ({ options }) => {
    const parameters = makeParameters();
    const actual = runOptimizer(new RMSprop(parameters, options), parameters);
    expect(actual).toBeAllClose(runNaive(naiveRMSprop(options)), tolerance);
    expect(actual[2]).not.toBeAllClose(start, { atol: 1e-3 });
    expect(parameters[2]?.toArray()).toEqual([9, -9]);
  });

  it('distinguishes the variants (the oracle would notice a dropped option)', () => {
    const after = variants.map(({ options }) => runNaive(naiveRMSprop(options))[2] ?? []);
    for (let i = 1; i < after.length; i++) {
      expect(after[i]).not.toBeAllClose(after[i - 1] ?? [], { atol: 1e-6 });
    }
  });

  it('saves square_avg, grad_avg, momentum_buffer and step under PyTorch names', () => {
    const parameters = makeParameters();
    const optimizer = new RMSprop(parameters, { momentum: 0.9, centered: true });
    runOptimizer(optimizer, parameters, 1);
    expect(Object.keys(optimizer.stateDict().state[0] ?? {}).sort()).toEqual([
      'grad_avg',
      'momentum_buffer',
      'square_avg',
      'step',
    ]);
  });

  it('rejects negative options, naming the option and the value', () => {
    expect(() => new RMSprop(makeParameters(), { alpha: -0.5 })).toThrow(
      'RMSprop: options.alpha must be a finite number ≥ 0, got -0.5.',
    );
    expect(() => new RMSprop(makeParameters(), { momentum: -1 })).toThrow(
      'RMSprop: options.momentum must be a finite number ≥ 0, got -1.',
    );
  });
});
