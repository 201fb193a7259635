// StepLR: the learning rate decays by gamma every stepSize epochs.
import { LRScheduler, type ScheduledOptimizer } from './lr-scheduler';
import { checkPositiveInteger, checkRange } from './options';

/** Options of {@link StepLR}. @category Schedules */
export interface StepLROptions {
  /** Epochs between decays (required, ≥ 1). */
  stepSize: number;
  /** Multiplicative decay γ (default 0.1). */
  gamma?: number;
}

/**
 * Decays the learning rate by γ every `stepSize` epochs.
 * ```math
 * lr_e = baseLr · γ^⌊e / stepSize⌋
 * ```
 * @param optimizer - the optimizer to schedule; its current `lr` is `baseLr`
 * @param options - `stepSize` (required), `gamma` 0.1
 * @throws {ArgumentError} if `stepSize` is not a positive integer or γ is negative
 * @example
 * ```ts
 * const schedule = new StepLR(optimizer, { stepSize: 2, gamma: 0.5 }); // lr 1 → 1, 0.5, 0.5, 0.25, …
 * schedule.step();
 * ```
 * @see torch.optim.lr_scheduler.StepLR
 * @category Schedules
 */
export class StepLR extends LRScheduler<Required<StepLROptions>> {
  constructor(optimizer: ScheduledOptimizer, options: StepLROptions) {
    super(optimizer, { stepSize: options?.stepSize, gamma: options?.gamma ?? 0.1 });
  }

  protected checkOptions(options: Required<StepLROptions>): void {
    checkPositiveInteger('StepLR', 'stepSize', options.stepSize);
    checkRange('StepLR', 'gamma', options.gamma, 0, Infinity, true);
  }

  protected lrAt(epoch: number): number {
    return this.baseLr * this.options.gamma ** Math.floor(epoch / this.options.stepSize);
  }
}
