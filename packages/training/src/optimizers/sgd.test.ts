// SGD against its update rule written out per element, for 3 steps on a float64 quadratic:
// plain, momentum with PyTorch's first-step rule, dampening, Nesterov, weight decay, maximize.
import { ArgumentError } from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import {
  flatten,
  makeParameters,
  runNaive,
  runOptimizer,
  start,
  zerosFor,
} from './__fixtures__/quadratic';
import { SGD, type SGDOptions } from './sgd';

const tolerance = { rtol: 1e-12, atol: 1e-15 };

/** torch.optim.SGD's rule, one element at a time. */
function naiveSGD(options: SGDOptions): (theta: number[], gradient: number[], k: number) => void {
  const { lr, momentum = 0, dampening = 0, nesterov = false, weightDecay = 0 } = options;
  const buffer = zerosFor();
  return (theta, gradient, k) => {
    theta.forEach((value, i) => {
      let g = (gradient[i] ?? NaN) + weightDecay * value;
      if (momentum !== 0) {
        buffer[i] = k === 1 ? g : momentum * (buffer[i] ?? NaN) + (1 - dampening) * g;
        g = nesterov ? g + momentum * (buffer[i] ?? NaN) : (buffer[i] ?? NaN);
      }
      theta[i] = value - lr * g;
    });
  };
}

const variants: { name: string; options: SGDOptions }[] = [
  { name: 'plain', options: { lr: 0.1 } },
  { name: 'momentum (first step: buffer = g)', options: { lr: 0.1, momentum: 0.9 } },
  { name: 'momentum with dampening', options: { lr: 0.1, momentum: 0.9, dampening: 0.3 } },
  { name: 'Nesterov', options: { lr: 0.05, momentum: 0.8, nesterov: true } },
  { name: 'weight decay with momentum', options: { lr: 0.1, momentum: 0.5, weightDecay: 0.2 } },
];

describe('SGD', () => {
  it.each(variants)('matches the naive rule for 3 steps: $name', ({ options }) => {
    const parameters = makeParameters();
    const actual = runOptimizer(new SGD(parameters, options), parameters);
    const expected = runNaive(naiveSGD(options));
    expect(actual).toBeAllClose(expected, tolerance);
    expect(actual[2]).not.toBeAllClose(start, { atol: 1e-3 });
    // The parameter without a gradient is untouched.
    expect(parameters[2]?.toArray()).toEqual([9, -9]);
  });

  it('distinguishes the variants (the oracle would notice a dropped option)', () => {
    const after = variants.map(({ options }) => runNaive(naiveSGD(options))[2] ?? []);
    for (let i = 1; i < after.length; i++)
      expect(after[i]).not.toBeAllClose(after[i - 1] ?? [], { atol: 1e-6 });
  });

  it('ascends with maximize', () => {
    const parameters = makeParameters();
    const actual = runOptimizer(new SGD(parameters, { lr: 0.1, maximize: true }), parameters, 2);
    expect(actual).toBeAllClose(runNaive(naiveSGD({ lr: -0.1 }), 2), tolerance);
  });

  it('saves momentum_buffer only, and a restored copy continues identically', () => {
    const parameters = makeParameters();
    const optimizer = new SGD(parameters, { lr: 0.1, momentum: 0.9 });
    runOptimizer(optimizer, parameters, 2);
    const saved = optimizer.stateDict();
    expect(saved.step).toBe(2);
    expect(Object.keys(saved.state[0] ?? {})).toEqual(['momentum_buffer']);
    expect(saved.state[2]).toEqual({});
    expect(saved.options).toEqual({
      lr: 0.1,
      momentum: 0.9,
      dampening: 0,
      nesterov: false,
      weightDecay: 0,
      maximize: false,
    });
    const copy = makeParameters(flatten(parameters));
    const restored = new SGD(copy, { lr: 1 });
    restored.loadStateDict(saved);
    expect(restored.lr).toBe(0.1);
    const continued = runOptimizer(optimizer, parameters, 2);
    expect(runOptimizer(restored, copy, 2)).toEqual(continued);
    expect(runNaive(naiveSGD({ lr: 0.1, momentum: 0.9 }), 4).slice(2)).toBeAllClose(
      continued,
      tolerance,
    );
  });

  it('rejects bad options, naming the option and the value', () => {
    const parameters = makeParameters();
    expect(() => new SGD(parameters, { lr: -0.1 })).toThrow(
      'SGD: options.lr must be a finite number ≥ 0, got -0.1.',
    );
    expect(() => new SGD(parameters, {} as SGDOptions)).toThrow(
      'SGD: options.lr must be a finite number ≥ 0, got undefined.',
    );
    expect(() => new SGD(parameters, { lr: 0.1, momentum: -1 })).toThrow(ArgumentError);
    expect(() => new SGD(parameters, { lr: 0.1, nesterov: true })).toThrow(
      'SGD: options.nesterov needs momentum > 0 and dampening 0, got momentum 0 and dampening 0.',
    );
    expect(() => new SGD(parameters, { lr: 0.1, weightDecay: NaN })).toThrow(
      'SGD: options.weightDecay must be a finite number ≥ 0, got NaN.',
    );
  });
});
