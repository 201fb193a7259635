// ReduceLROnPlateau: patience, cooldown, thresholds in both modes, minLr and eps, the state
// dict round trip and option errors, each against a sequence worked out by hand.
import { describe, expect, it } from 'vitest';
import { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from './reduce-lr-on-plateau';

/** The learning rate after each step(metric). */
function rates(metrics: number[], options: ReduceLROnPlateauOptions, lr = 1): number[] {
  const optimizer = { lr };
  const plateau = new ReduceLROnPlateau(optimizer, options);
  return metrics.map((metric) => {
    plateau.step(metric);
    expect(plateau.getLastLr()).toBe(optimizer.lr);
    return optimizer.lr;
  });
}

describe('ReduceLROnPlateau', () => {
  it('reduces after more than `patience` epochs without improvement', () => {
    // bad epochs: 0, 0, 1, 2, 3 → reduce; 0 (improved), 1, 2, 3 → reduce.
    expect(rates([10, 9, 9, 9, 9, 8, 8, 8, 8], { patience: 2, factor: 0.5 })).toEqual([
      1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25,
    ]);
  });

  it('waits `cooldown` epochs after a reduction before counting again', () => {
    // reduce at epoch 3; epochs 4, 5 are cooldown; bad again at 6, 7 → reduce at 7.
    expect(rates([5, 5, 5, 5, 5, 5, 5], { patience: 1, cooldown: 2, factor: 0.5 })).toEqual([
      1, 1, 0.5, 0.5, 0.5, 0.5, 0.25,
    ]);
    // Without cooldown the second reduction comes two epochs after the first.
    expect(rates([5, 5, 5, 5, 5], { patience: 1, factor: 0.5 })).toEqual([1, 1, 0.5, 0.5, 0.25]);
  });

  it('uses the default patience of 10 and factor of 0.1', () => {
    const sequence = rates(
      Array.from({ length: 13 }, () => 1),
      {},
    );
    expect(sequence.slice(0, 11)).toEqual(Array.from({ length: 11 }, () => 1));
    expect(sequence[11]).toBeCloseTo(0.1, 15);
  });

  it('applies relative and absolute thresholds', () => {
    const rel = new ReduceLROnPlateau({ lr: 1 }, { threshold: 1e-4 });
    rel.step(10);
    rel.step(9.9995); // needs < 10·(1 − 1e-4) = 9.999
    expect([rel.best, rel.numBadEpochs]).toEqual([10, 1]);
    const abs = new ReduceLROnPlateau({ lr: 1 }, { threshold: 1e-4, thresholdMode: 'abs' });
    abs.step(10);
    abs.step(9.9995); // needs < 10 − 1e-4 = 9.9999
    expect([abs.best, abs.numBadEpochs]).toEqual([9.9995, 0]);
  });

  it("treats higher as better in 'max' mode", () => {
    const plateau = new ReduceLROnPlateau({ lr: 1 }, { mode: 'max', patience: 0, factor: 0.5 });
    plateau.step(0.5);
    plateau.step(0.6);
    expect(plateau.getLastLr()).toBe(1);
    plateau.step(0.55);
    expect([plateau.best, plateau.getLastLr()]).toEqual([0.6, 0.5]);
  });

  it('never goes below minLr, and skips reductions smaller than eps', () => {
    expect(rates([1, 1, 1, 1, 1], { patience: 0, factor: 0.5, minLr: 0.3 })).toEqual([
      1, 0.5, 0.3, 0.3, 0.3,
    ]);
    // From 1e-3 a halving changes the rate by 5e-4: skipped when eps = 1e-3, made when eps = 1e-4.
    expect(rates([1, 1, 1], { patience: 0, factor: 0.5, eps: 1e-3 }, 1e-3)).toEqual([
      1e-3, 1e-3, 1e-3,
    ]);
    expect(rates([1, 1, 1], { patience: 0, factor: 0.5, eps: 1e-4 }, 1e-3)).toEqual([
      1e-3, 5e-4, 2.5e-4,
    ]);
  });

  it('a restored copy continues identically', () => {
    const optimizer = { lr: 1 };
    const plateau = new ReduceLROnPlateau(optimizer, { patience: 1, cooldown: 1, factor: 0.5 });
    // Reduced at epoch 3 with one cooldown epoch left: a copy that lost the cooldown would
    // reduce again at epoch 5 instead of 8.
    [3, 3, 3].forEach((metric) => plateau.step(metric));
    const saved = plateau.stateDict();
    expect(saved).toMatchObject({ lastEpoch: 3, best: 3, numBadEpochs: 0, cooldownCounter: 1 });
    const other = { lr: optimizer.lr };
    const restored = new ReduceLROnPlateau(other);
    restored.loadStateDict(saved);
    const trajectory: number[] = [];
    for (const metric of [3, 3, 2, 2, 2, 2]) {
      plateau.step(metric);
      restored.step(metric);
      expect(other.lr).toBe(optimizer.lr);
      trajectory.push(other.lr);
    }
    expect(trajectory).toEqual([0.5, 0.5, 0.5, 0.5, 0.25, 0.25]);
  });

  it('rejects bad options and metrics, naming them', () => {
    expect(() => new ReduceLROnPlateau({ lr: 1 }, { factor: 1 })).toThrow(
      'ReduceLROnPlateau: options.factor must be in [0, 1), got 1.',
    );
    expect(() => new ReduceLROnPlateau({ lr: 1 }, { mode: 'low' as 'min' })).toThrow(
      `ReduceLROnPlateau: options.mode must be 'min' or 'max', got "low".`,
    );
    expect(() => new ReduceLROnPlateau({ lr: 1 }, { patience: -1 })).toThrow(
      'ReduceLROnPlateau: options.patience must be an integer ≥ 0, got -1.',
    );
    expect(() => new ReduceLROnPlateau({ lr: 1 }).step('0.5' as unknown as number)).toThrow(
      'ReduceLROnPlateau.step: metric must be a number, got string.',
    );
  });
});

describe('ReduceLROnPlateau state through JSON', () => {
  it('restores a state saved before the first step, whose infinite best JSON turned into null', () => {
    const optimizer = { lr: 0.1 };
    const schedule = new ReduceLROnPlateau(optimizer, { patience: 0 });
    const copy = new ReduceLROnPlateau({ lr: 0.1 }, { patience: 0 });
    copy.loadStateDict(
      JSON.parse(JSON.stringify(schedule.stateDict())) as ReturnType<typeof schedule.stateDict>,
    );
    expect(copy.best).toBe(Infinity);
    copy.step(1);
    expect(copy.best).toBe(1);
  });
});
