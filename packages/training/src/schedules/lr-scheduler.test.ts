// The closed-form schedules: the LR after construction and after each of the first 10 step()
// calls against their formulas, hand-checked points, state dict round trips and option errors.
import { Parameter } from '@unroll/autograd';
import { zeros } from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import { SGD } from '../optimizers/sgd';
import { CosineAnnealingLR } from './cosine-annealing-lr';
import { ExponentialLR } from './exponential-lr';
import { LinearWarmup } from './linear-warmup';
import type { LRScheduler } from './lr-scheduler';
import { StepLR } from './step-lr';

/** The LR after construction (epoch 0) and after each of `steps` step() calls. */
function sequence(schedule: LRScheduler, optimizer: { lr: number }, steps = 10): number[] {
  const rates = [schedule.getLastLr()];
  expect(optimizer.lr).toBe(rates[0]);
  for (let k = 0; k < steps; k++) {
    schedule.step();
    expect(optimizer.lr).toBe(schedule.getLastLr());
    rates.push(schedule.getLastLr());
  }
  return rates;
}

const epochs = Array.from({ length: 11 }, (_, e) => e);
const closeTo = { rtol: 1e-14, atol: 1e-16 };

describe('closed-form schedules', () => {
  it('StepLR: baseLr · γ^⌊e / stepSize⌋', () => {
    const optimizer = { lr: 0.8 };
    const rates = sequence(new StepLR(optimizer, { stepSize: 3, gamma: 0.5 }), optimizer);
    expect(rates).toBeAllClose([0.8, 0.8, 0.8, 0.4, 0.4, 0.4, 0.2, 0.2, 0.2, 0.1, 0.1], closeTo);
    const defaults = { lr: 1 };
    expect(sequence(new StepLR(defaults, { stepSize: 2 }), defaults, 4)).toBeAllClose(
      [1, 1, 0.1, 0.1, 0.01],
      closeTo,
    );
  });

  it('ExponentialLR: baseLr · γ^e', () => {
    const optimizer = { lr: 0.5 };
    const rates = sequence(new ExponentialLR(optimizer, { gamma: 0.9 }), optimizer);
    expect(rates).toBeAllClose(
      epochs.map((e) => 0.5 * 0.9 ** e),
      closeTo,
    );
    expect(rates[2]).toBeCloseTo(0.405, 15);
  });

  it('CosineAnnealingLR: etaMin + (baseLr − etaMin)(1 + cos(πe/tMax))/2, rising again past tMax', () => {
    const optimizer = { lr: 1 };
    const rates = sequence(new CosineAnnealingLR(optimizer, { tMax: 4, etaMin: 0.1 }), optimizer);
    expect(rates).toBeAllClose(
      epochs.map((e) => 0.1 + (0.9 * (1 + Math.cos((Math.PI * e) / 4))) / 2),
      closeTo,
    );
    expect(rates[2]).toBeCloseTo(0.55, 15);
    expect(rates[4]).toBeCloseTo(0.1, 15);
    expect(rates[8]).toBeCloseTo(1, 15);
    const plain = { lr: 2 };
    expect(sequence(new CosineAnnealingLR(plain, { tMax: 2 }), plain, 2)).toBeAllClose(
      [2, 1, 0],
      closeTo,
    );
  });

  it('LinearWarmup: from startFactor·baseLr to baseLr over warmupSteps, then flat', () => {
    const optimizer = { lr: 1 };
    const rates = sequence(
      new LinearWarmup(optimizer, { warmupSteps: 4, startFactor: 0.2 }),
      optimizer,
    );
    expect(rates).toBeAllClose([0.2, 0.4, 0.6, 0.8, 1, 1, 1, 1, 1, 1, 1], closeTo);
    const defaults = { lr: 3 };
    expect(sequence(new LinearWarmup(defaults, { warmupSteps: 2 }), defaults, 3)).toBeAllClose(
      [1, 2, 3, 3],
      closeTo,
    );
  });

  it('drives a real optimizer and counts epochs', () => {
    const optimizer = new SGD([new Parameter(zeros([1]))], { lr: 0.1 });
    const schedule = new ExponentialLR(optimizer, { gamma: 0.5 });
    schedule.step();
    schedule.step();
    expect(schedule.lastEpoch).toBe(2);
    expect(optimizer.lr).toBeCloseTo(0.025, 15);
    expect(optimizer.stateDict().options.lr).toBeCloseTo(0.025, 15);
  });
});

describe('schedule state', () => {
  it('a restored schedule continues the sequence exactly', () => {
    const optimizer = { lr: 1 };
    const schedule = new CosineAnnealingLR(optimizer, { tMax: 10, etaMin: 0.05 });
    for (let k = 0; k < 4; k++) schedule.step();
    const saved = schedule.stateDict();
    expect(saved).toEqual({
      lastEpoch: 4,
      baseLr: 1,
      lastLr: schedule.getLastLr(),
      options: { tMax: 10, etaMin: 0.05 },
    });
    const other = { lr: 1 };
    const restored = new CosineAnnealingLR(other, { tMax: 3 });
    restored.loadStateDict(saved);
    expect(restored.getLastLr()).toBe(schedule.getLastLr());
    for (let k = 0; k < 3; k++) {
      schedule.step();
      restored.step();
      expect(other.lr).toBe(optimizer.lr);
    }
    expect(restored.lastEpoch).toBe(7);
  });

  it('rejects a state with other options', () => {
    const schedule = new StepLR({ lr: 1 }, { stepSize: 2 });
    const state = new ExponentialLR({ lr: 1 }, { gamma: 0.5 }).stateDict();
    expect(() => schedule.loadStateDict(state)).toThrow(
      'StepLR.loadStateDict: state.options must have the keys gamma, stepSize, got gamma.',
    );
  });
});

describe('schedule option errors', () => {
  it('name the option and the value', () => {
    expect(() => new StepLR({ lr: 1 }, { stepSize: 0 })).toThrow(
      'StepLR: options.stepSize must be a positive integer, got 0.',
    );
    expect(() => new StepLR({ lr: 1 }, { stepSize: 2, gamma: -1 })).toThrow(
      'StepLR: options.gamma must be in [0, ∞), got -1.',
    );
    expect(() => new ExponentialLR({ lr: 1 }, {} as { gamma: number })).toThrow(
      'ExponentialLR: options.gamma must be in [0, ∞), got undefined.',
    );
    expect(() => new CosineAnnealingLR({ lr: 1 }, { tMax: 2.5 })).toThrow(
      'CosineAnnealingLR: options.tMax must be a positive integer, got 2.5.',
    );
    expect(() => new LinearWarmup({ lr: 1 }, { warmupSteps: 3, startFactor: 1.5 })).toThrow(
      'LinearWarmup: options.startFactor must be in [0, 1], got 1.5.',
    );
    expect(() => new StepLR(undefined as unknown as { lr: number }, { stepSize: 1 })).toThrow(
      'StepLR: optimizer must be an Optimizer (with a numeric lr), got undefined.',
    );
  });
});
