// CosineAnnealingLR: the learning rate follows half a cosine from its base value down to
// etaMin over tMax epochs (the closed form, SGDR without restarts).
import { LRScheduler, type ScheduledOptimizer } from './lr-scheduler';
import { checkPositiveInteger, checkRange } from './options';

/** Options of {@link CosineAnnealingLR}. @category Schedules */
export interface CosineAnnealingLROptions {
  /** Epochs from the base rate down to `etaMin` (required, ≥ 1). */
  tMax: number;
  /** The lowest learning rate (default 0). */
  etaMin?: number;
}

/**
 * Anneals the learning rate along a cosine from `baseLr` to `etaMin` over `tMax` epochs.
 * ```math
 * lr_e = etaMin + (baseLr − etaMin) · (1 + cos(π · e / tMax)) / 2
 * ```
 * This is PyTorch's closed form. Past `tMax` the cosine continues, so the rate climbs back
 * towards `baseLr` (period `2·tMax`); PyTorch's recursive form behaves the same way.
 * @param optimizer - the optimizer to schedule; its current `lr` is `baseLr`
 * @param options - `tMax` (required), `etaMin` 0
 * @throws {ArgumentError} if `tMax` is not a positive integer or `etaMin` is negative
 * @example
 * ```ts
 * const schedule = new CosineAnnealingLR(optimizer, { tMax: 100, etaMin: 1e-5 });
 * schedule.step();
 * ```
 * @see torch.optim.lr_scheduler.CosineAnnealingLR
 * @category Schedules
 */
export class CosineAnnealingLR extends LRScheduler<Required<CosineAnnealingLROptions>> {
  constructor(optimizer: ScheduledOptimizer, options: CosineAnnealingLROptions) {
    super(optimizer, { tMax: options?.tMax, etaMin: options?.etaMin ?? 0 });
  }

  protected checkOptions(options: Required<CosineAnnealingLROptions>): void {
    checkPositiveInteger('CosineAnnealingLR', 'tMax', options.tMax);
    checkRange('CosineAnnealingLR', 'etaMin', options.etaMin, 0, Infinity, true);
  }

  protected lrAt(epoch: number): number {
    const { tMax, etaMin } = this.options;
    return etaMin + ((this.baseLr - etaMin) * (1 + Math.cos((Math.PI * epoch) / tMax))) / 2;
  }
}
