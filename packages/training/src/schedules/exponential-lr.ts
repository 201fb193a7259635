// ExponentialLR: the learning rate decays by gamma every epoch.
import { LRScheduler, type ScheduledOptimizer } from './lr-scheduler';
import { checkRange } from './options';

/** Options of {@link ExponentialLR}. @category Schedules */
export interface ExponentialLROptions {
  /** Multiplicative decay γ per epoch (required). */
  gamma: number;
}

/**
 * Decays the learning rate by γ every epoch.
 * ```math
 * lr_e = baseLr · γ^e
 * ```
 * @param optimizer - the optimizer to schedule; its current `lr` is `baseLr`
 * @param options - `gamma` (required)
 * @throws {ArgumentError} if γ is missing or negative
 * @example
 * ```ts
 * const schedule = new ExponentialLR(optimizer, { gamma: 0.95 });
 * schedule.step(); // lr = baseLr · 0.95
 * ```
 * @see torch.optim.lr_scheduler.ExponentialLR
 * @category Schedules
 */
export class ExponentialLR extends LRScheduler<Required<ExponentialLROptions>> {
  constructor(optimizer: ScheduledOptimizer, options: ExponentialLROptions) {
    super(optimizer, { gamma: options?.gamma });
  }

  protected checkOptions(options: Required<ExponentialLROptions>): void {
    checkRange('ExponentialLR', 'gamma', options.gamma, 0, Infinity, true);
  }

  protected lrAt(epoch: number): number {
    return this.baseLr * this.options.gamma ** epoch;
  }
}
