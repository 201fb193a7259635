// AdamW: decoupled weight decay (default 0.01) against the naive rule for 3 steps, and how it
// differs from Adam's L2 weight decay.
import { describe, expect, it } from 'vitest';
import { makeParameters, runNaive, runOptimizer } from './__fixtures__/quadratic';
import { naiveAdam } from './adam.reference';
import { AdamW } from './adamw';

const tolerance = { rtol: 1e-12, atol: 1e-15 };

describe('AdamW', () => {
  it('defaults to weight decay 0.01, decoupled', () => {
    const optimizer = new AdamW(makeParameters());
    expect(optimizer.stateDict().options).toMatchObject({
      lr: 1e-3,
      weightDecay: 0.01,
      decoupledWeightDecay: true,
    });
  });

  it.each([
    { name: 'defaults', options: {} },
    { name: 'strong decay with amsgrad', options: { lr: 0.1, weightDecay: 0.5, amsgrad: true } },
  ])('matches θ ← θ(1 − lr·λ) then the Adam step, for 3 steps: $name', ({ options }) => {
    const parameters = makeParameters();
    const actual = runOptimizer(new AdamW(parameters, options), parameters);
    const expected = runNaive(
      naiveAdam({ weightDecay: 0.01, ...options, decoupledWeightDecay: true }),
    );
    expect(actual).toBeAllClose(expected, tolerance);
    const coupled = runNaive(naiveAdam({ weightDecay: 0.01, ...options }));
    expect(actual[2]).not.toBeAllClose(coupled[2] ?? [], { atol: 1e-9, rtol: 0 });
  });
});
