// LinearWarmup: the learning rate ramps linearly from startFactor·baseLr up to baseLr over
// warmupSteps steps, then stays there (PyTorch's LinearLR with end_factor = 1).
import { LRScheduler, type ScheduledOptimizer } from './lr-scheduler';
import { checkPositiveInteger, checkRange } from './options';

/** Options of {@link LinearWarmup}. @category Schedules */
export interface LinearWarmupOptions {
  /** Steps to reach the base rate (required, ≥ 1). */
  warmupSteps: number;
  /** The fraction of the base rate to start from, in [0, 1] (default 1/3, PyTorch's). */
  startFactor?: number;
}

/**
 * Warms the learning rate up linearly from `startFactor·baseLr` to `baseLr`.
 * ```math
 * lr_e = baseLr · (s + (1 − s) · min(e, warmupSteps) / warmupSteps)      s = startFactor
 * ```
 * Unlike PyTorch's `LinearLR`, `startFactor = 0` is allowed (the first step then has rate 0),
 * since the closed form never divides by the previous rate.
 * @param optimizer - the optimizer to schedule; its current `lr` is `baseLr`
 * @param options - `warmupSteps` (required), `startFactor` 1/3
 * @throws {ArgumentError} if `warmupSteps` is not a positive integer or `startFactor` is outside [0, 1]
 * @example
 * ```ts
 * const warmup = new LinearWarmup(optimizer, { warmupSteps: 4, startFactor: 0.2 }); // lr 1 → 0.2, 0.4, 0.6, 0.8, 1, 1, …
 * warmup.step();
 * ```
 * @see torch.optim.lr_scheduler.LinearLR
 * @category Schedules
 */
export class LinearWarmup extends LRScheduler<Required<LinearWarmupOptions>> {
  constructor(optimizer: ScheduledOptimizer, options: LinearWarmupOptions) {
    super(optimizer, {
      warmupSteps: options?.warmupSteps,
      startFactor: options?.startFactor ?? 1 / 3,
    });
  }

  protected checkOptions(options: Required<LinearWarmupOptions>): void {
    checkPositiveInteger('LinearWarmup', 'warmupSteps', options.warmupSteps);
    checkRange('LinearWarmup', 'startFactor', options.startFactor, 0, 1);
  }

  protected lrAt(epoch: number): number {
    const { warmupSteps, startFactor } = this.options;
    return (
      this.baseLr * (startFactor + ((1 - startFactor) * Math.min(epoch, warmupSteps)) / warmupSteps)
    );
  }
}
