// ReduceLROnPlateau: cuts the learning rate by `factor` when a watched metric (usually the
// validation loss) has stopped improving for `patience` epochs, PyTorch's rules exactly.
import { ArgumentError } from '@unroll/tensor';
import { checkNonNegative } from '../optimizers/options';
import type { ScheduledOptimizer } from './lr-scheduler';
import { checkRange } from './options';

/** Options of {@link ReduceLROnPlateau}. @category Schedules */
export interface ReduceLROnPlateauOptions {
  /** `'min'` (default): lower is better, as for a loss; `'max'`: higher is better, as for accuracy. */
  mode?: 'min' | 'max';
  /** Multiplier of the learning rate at each reduction, in [0, 1) (default 0.1). */
  factor?: number;
  /** Epochs without improvement tolerated before reducing (default 10). */
  patience?: number;
  /** How much better a metric must be to count as an improvement (default 1e-4). */
  threshold?: number;
  /** `'rel'` (default): a metric must beat the best by the fraction `threshold`; `'abs'`: by `threshold` itself. */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting bad epochs again (default 0). */
  cooldown?: number;
  /** The learning rate never goes below this (default 0). */
  minLr?: number;
  /** A reduction smaller than this is skipped (default 1e-8). */
  eps?: number;
}

/** The resolved options of {@link ReduceLROnPlateau}, as saved in its state. @category Schedules */
export type ReduceLROnPlateauSettings = Required<ReduceLROnPlateauOptions>;

/** The saved state of {@link ReduceLROnPlateau}, PyTorch's `state_dict()`. @category Schedules */
export interface ReduceLROnPlateauState {
  /** How many times `step(metric)` has been called. */
  lastEpoch: number;
  /** The best metric seen (±Infinity before the first step; null after a JSON round trip). */
  best: number | null;
  /** Consecutive epochs without improvement. */
  numBadEpochs: number;
  /** Epochs of cooldown left. */
  cooldownCounter: number;
  /** The learning rate after the last step. */
  lastLr: number;
  /** The options. */
  options: ReduceLROnPlateauSettings;
}

/**
 * Reduces the learning rate when a metric has stopped improving.
 * ```math
 * better(a) = a < best·(1 − threshold)   (min, rel)      a < best − threshold   (min, abs)
 *             a > best·(1 + threshold)   (max, rel)      a > best + threshold   (max, abs)
 * each step(a): if better(a) { best = a; bad = 0 } else bad += 1
 *               if cooldown left: cooldown −= 1; bad = 0
 *               if bad > patience: lr ← max(lr·factor, minLr) (skipped if the change ≤ eps);
 *                                  cooldown = cooldown option; bad = 0
 * ```
 * It reads and changes the optimizer's current rate, so it composes with manual changes.
 * @param optimizer - the optimizer whose `lr` to reduce
 * @param options - `mode` 'min', `factor` 0.1, `patience` 10, `threshold` 1e-4, `thresholdMode`
 *   'rel', `cooldown` 0, `minLr` 0, `eps` 1e-8
 * @throws {ArgumentError} if `factor` is not in [0, 1), a mode is unknown, or a count is negative
 * @example
 * ```ts
 * const plateau = new ReduceLROnPlateau(optimizer, { patience: 2 });
 * for (let epoch = 0; epoch < 50; epoch++) {
 *   train();
 *   plateau.step(validationLoss());
 * }
 * ```
 * @see torch.optim.lr_scheduler.ReduceLROnPlateau
 * @category Schedules
 */
export class ReduceLROnPlateau {
  /** The optimizer whose learning rate this schedule reduces. */
  readonly optimizer: ScheduledOptimizer;
  #options: ReduceLROnPlateauSettings;
  #lastEpoch = 0;
  #best: number;
  #numBadEpochs = 0;
  #cooldownCounter = 0;
  #lastLr: number;

  constructor(optimizer: ScheduledOptimizer, options: ReduceLROnPlateauOptions = {}) {
    if (typeof optimizer !== 'object' || optimizer === null || typeof optimizer.lr !== 'number') {
      throw new ArgumentError(
        `ReduceLROnPlateau: optimizer must be an Optimizer (with a numeric lr), got ${optimizer === null ? 'null' : typeof optimizer}.`,
        { argument: 'optimizer' },
      );
    }
    const settings: ReduceLROnPlateauSettings = {
      mode: options.mode ?? 'min',
      factor: options.factor ?? 0.1,
      patience: options.patience ?? 10,
      threshold: options.threshold ?? 1e-4,
      thresholdMode: options.thresholdMode ?? 'rel',
      cooldown: options.cooldown ?? 0,
      minLr: options.minLr ?? 0,
      eps: options.eps ?? 1e-8,
    };
    checkSettings(settings);
    this.optimizer = optimizer;
    this.#options = settings;
    this.#best = settings.mode === 'min' ? Infinity : -Infinity;
    this.#lastLr = optimizer.lr;
  }

  /** How many times {@link ReduceLROnPlateau.step} has been called. */
  get lastEpoch(): number {
    return this.#lastEpoch;
  }

  /** The best metric seen so far (±Infinity before the first step). */
  get best(): number {
    return this.#best;
  }

  /** Consecutive epochs without improvement (reset by an improvement, a reduction or cooldown). */
  get numBadEpochs(): number {
    return this.#numBadEpochs;
  }

  /**
   * Records one epoch's metric and reduces the learning rate if it has plateaued.
   * @param metric - the watched value, e.g. the validation loss
   * @throws {ArgumentError} if `metric` is not a number
   * @see torch.optim.lr_scheduler.ReduceLROnPlateau.step
   */
  step(metric: number): void {
    if (typeof metric !== 'number') {
      throw new ArgumentError(
        `ReduceLROnPlateau.step: metric must be a number, got ${typeof metric}.`,
        {
          argument: 'metric',
        },
      );
    }
    this.#lastEpoch++;
    if (this.#isBetter(metric)) {
      this.#best = metric;
      this.#numBadEpochs = 0;
    } else {
      this.#numBadEpochs++;
    }
    if (this.#cooldownCounter > 0) {
      this.#cooldownCounter--;
      this.#numBadEpochs = 0;
    }
    if (this.#numBadEpochs > this.#options.patience) {
      this.#reduce();
      this.#cooldownCounter = this.#options.cooldown;
      this.#numBadEpochs = 0;
    }
    this.#lastLr = this.optimizer.lr;
  }

  /** The learning rate after the last step (one number: a single parameter group). */
  getLastLr(): number {
    return this.#lastLr;
  }

  /** The counters, best metric and options. @see torch.optim.lr_scheduler.ReduceLROnPlateau.state_dict */
  stateDict(): ReduceLROnPlateauState {
    return {
      lastEpoch: this.#lastEpoch,
      best: this.#best,
      numBadEpochs: this.#numBadEpochs,
      cooldownCounter: this.#cooldownCounter,
      lastLr: this.#lastLr,
      options: { ...this.#options },
    };
  }

  /**
   * Restores a state saved by {@link ReduceLROnPlateau.stateDict}; the optimizer's rate is not
   * changed (restore the optimizer's own state for that).
   * @throws {ArgumentError} if a counter is not a non-negative integer or an option is invalid
   */
  loadStateDict(state: ReduceLROnPlateauState): void {
    const api = 'ReduceLROnPlateau.loadStateDict';
    for (const name of ['lastEpoch', 'numBadEpochs', 'cooldownCounter'] as const) {
      const value = state?.[name];
      if (!Number.isInteger(value) || value < 0) {
        throw new ArgumentError(
          `${api}: state.${name} must be an integer ≥ 0, got ${String(value)}.`,
          {
            argument: 'state',
          },
        );
      }
    }
    // JSON has no Infinity: a state saved before the first step comes back with best null.
    const best =
      state.best === null ? (this.#options.mode === 'min' ? Infinity : -Infinity) : state.best;
    if (typeof best !== 'number' || typeof state.lastLr !== 'number') {
      throw new ArgumentError(
        `${api}: state.best and state.lastLr must be numbers, got ${String(state.best)} and ${String(state.lastLr)}.`,
        {
          argument: 'state',
        },
      );
    }
    const options = { ...this.#options, ...state.options };
    checkSettings(options);
    this.#options = options;
    this.#lastEpoch = state.lastEpoch;
    this.#best = best;
    this.#numBadEpochs = state.numBadEpochs;
    this.#cooldownCounter = state.cooldownCounter;
    this.#lastLr = state.lastLr;
  }

  #isBetter(metric: number): boolean {
    const { mode, threshold, thresholdMode } = this.#options;
    const best = this.#best;
    if (mode === 'min')
      return thresholdMode === 'rel' ? metric < best * (1 - threshold) : metric < best - threshold;
    return thresholdMode === 'rel' ? metric > best * (threshold + 1) : metric > best + threshold;
  }

  #reduce(): void {
    const { factor, minLr, eps } = this.#options;
    const old = this.optimizer.lr;
    const reduced = Math.max(old * factor, minLr);
    if (old - reduced > eps) this.optimizer.lr = reduced;
  }
}

function checkSettings(settings: ReduceLROnPlateauSettings): void {
  const api = 'ReduceLROnPlateau';
  if (settings.mode !== 'min' && settings.mode !== 'max') {
    throw new ArgumentError(
      `${api}: options.mode must be 'min' or 'max', got ${JSON.stringify(settings.mode)}.`,
      {
        argument: 'mode',
      },
    );
  }
  if (settings.thresholdMode !== 'rel' && settings.thresholdMode !== 'abs') {
    throw new ArgumentError(
      `${api}: options.thresholdMode must be 'rel' or 'abs', got ${JSON.stringify(settings.thresholdMode)}.`,
      { argument: 'thresholdMode' },
    );
  }
  checkRange(api, 'factor', settings.factor, 0, 1, true);
  for (const name of ['patience', 'cooldown'] as const) {
    if (!Number.isInteger(settings[name]) || settings[name] < 0) {
      throw new ArgumentError(
        `${api}: options.${name} must be an integer ≥ 0, got ${String(settings[name])}.`,
        {
          argument: name,
        },
      );
    }
  }
  checkNonNegative(api, 'threshold', settings.threshold);
  checkNonNegative(api, 'minLr', settings.minLr);
  checkNonNegative(api, 'eps', settings.eps);
}
