// Adam against its update rule written out per element, for 3 steps on a float64 quadratic:
// defaults, L2 weight decay, AMSGrad, eps after the bias-corrected root; per-parameter step
// counts, the state dict round trip and option errors.
import { ArgumentError } from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import {
  flatten,
  makeParameters,
  quadraticLoss,
  runNaive,
  runOptimizer,
  start,
} from './__fixtures__/quadratic';
import { Adam, type AdamOptions } from './adam';
import { naiveAdam } from './adam.reference';

const tolerance = { rtol: 1e-12, atol: 1e-15 };

const variants: { name: string; options: AdamOptions }[] = [
  { name: 'defaults', options: {} },
  { name: 'large lr and eps (eps after the root matters)', options: { lr: 0.1, eps: 0.1 } },
  { name: 'L2 weight decay', options: { lr: 0.05, betas: [0.8, 0.9], weightDecay: 0.3 } },
  // A growing then shrinking gradient makes max(v̂) differ from v.
  { name: 'amsgrad', options: { lr: 0.5, betas: [0.5, 0.6], amsgrad: true } },
];

describe('Adam', () => {
  it.each(variants)('matches the naive rule for 3 steps: $name', ({ options }) => {
    const parameters = makeParameters();
    const actual = runOptimizer(new Adam(parameters, options), parameters);
    expect(actual).toBeAllClose(runNaive(naiveAdam(options)), tolerance);
    expect(actual[2]).not.toBeAllClose(start, { atol: 1e-4 });
    expect(parameters[2]?.toArray()).toEqual([9, -9]);
  });

  it('amsgrad and eps placement change the trajectory (so the oracle can tell)', () => {
    const plain = runNaive(naiveAdam({ lr: 0.5, betas: [0.5, 0.6] }))[2] ?? [];
    const ams = runNaive(naiveAdam({ lr: 0.5, betas: [0.5, 0.6], amsgrad: true }))[2] ?? [];
    expect(ams).not.toBeAllClose(plain, { atol: 1e-6 });
    // eps inside the root, sqrt(v̂ + eps), would give a different first step.
    const g0 = (start[0] ?? 0) * 1 - 0.3;
    const insideRoot = (start[0] ?? 0) - 0.1 * (g0 / Math.sqrt(g0 * g0 + 0.1));
    const parameters = makeParameters();
    const first =
      runOptimizer(new Adam(parameters, { lr: 0.1, eps: 0.1 }), parameters, 1)[0]?.[0] ?? NaN;
    expect(first).toBeCloseTo((start[0] ?? 0) - 0.1 * (g0 / (Math.abs(g0) + 0.1)), 14);
    expect(Math.abs(first - insideRoot)).toBeGreaterThan(1e-3);
  });

  it('counts steps per parameter: a parameter that skips a step gets its own bias correction', () => {
    const parameters = makeParameters();
    const [weight, bias] = parameters;
    const optimizer = new Adam(parameters, { lr: 0.1 });
    optimizer.zeroGrad();
    quadraticLoss(parameters).backward();
    if (bias !== undefined) bias.grad = null;
    optimizer.step();
    const state = optimizer.stateDict();
    expect(state.step).toBe(1);
    expect(state.state[0]?.step?.item()).toBe(1);
    expect(state.state[1]).toEqual({});
    runOptimizer(optimizer, parameters, 1);
    const after = optimizer.stateDict();
    expect(after.state[0]?.step?.item()).toBe(2);
    expect(after.state[1]?.step?.item()).toBe(1);
    // The bias's first update is a bias-corrected first step: θ − lr·g/(|g| + eps) per element.
    expect(Array.from(bias?.data() ?? [])).toBeAllClose(
      [4, 5, 6].map((i) => {
        const g = [1.5, 0.25, 4][i - 4]! * start[i]! - [-0.7, 1.1, 0.2][i - 4]!;
        return start[i]! - (0.1 * g) / (Math.abs(g) + 1e-8);
      }),
      tolerance,
    );
    expect(weight?.shape).toEqual([2, 2]);
  });

  it('saves exp_avg, exp_avg_sq, max_exp_avg_sq and step; a restored copy continues identically', () => {
    const options: AdamOptions = { lr: 0.2, amsgrad: true, weightDecay: 0.1 };
    const parameters = makeParameters();
    const optimizer = new Adam(parameters, options);
    runOptimizer(optimizer, parameters, 2);
    const saved = optimizer.stateDict();
    expect(Object.keys(saved.state[1] ?? {}).sort()).toEqual([
      'exp_avg',
      'exp_avg_sq',
      'max_exp_avg_sq',
      'step',
    ]);
    expect(saved.state[1]?.exp_avg?.shape).toEqual([3]);
    expect(saved.options).toEqual({
      lr: 0.2,
      beta1: 0.9,
      beta2: 0.999,
      eps: 1e-8,
      weightDecay: 0.1,
      amsgrad: true,
      decoupledWeightDecay: false,
      maximize: false,
    });
    const copy = makeParameters(flatten(parameters));
    const restored = new Adam(copy);
    restored.loadStateDict(saved);
    expect(restored.stepCount).toBe(2);
    const continued = runOptimizer(optimizer, parameters, 2);
    expect(runOptimizer(restored, copy, 2)).toEqual(continued);
    expect(runNaive(naiveAdam(options), 4).slice(2)).toBeAllClose(continued, tolerance);
  });

  it('rejects betas outside [0, 1) and negative values, naming the option and the value', () => {
    const parameters = makeParameters();
    expect(() => new Adam(parameters, { betas: [1, 0.999] })).toThrow(
      'Adam: options.betas[0] must be in [0, 1), got 1.',
    );
    expect(() => new Adam(parameters, { betas: [0.9, -0.1] })).toThrow(
      'Adam: options.betas[1] must be in [0, 1), got -0.1.',
    );
    expect(() => new Adam(parameters, { lr: -1 })).toThrow(
      'Adam: options.lr must be a finite number ≥ 0, got -1.',
    );
    expect(() => new Adam(parameters, { eps: -1e-8 })).toThrow(ArgumentError);
    expect(() => new Adam(parameters, { weightDecay: -0.1 })).toThrow(
      'Adam: options.weightDecay must be a finite number ≥ 0, got -0.1.',
    );
  });
});
