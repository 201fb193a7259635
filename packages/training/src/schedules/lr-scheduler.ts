// The LRScheduler base: a learning rate given in closed form as a function of the number of
// step() calls, written into the optimizer after each call, PyTorch's LRScheduler protocol.
import { ArgumentError } from '@unroll/tensor';
import type { Optimizer } from '../optimizers/optimizer';

/**
 * What a schedule needs of an optimizer: a learning rate to read and set (every
 * {@link Optimizer} has one).
 * @category Schedules
 */
export type ScheduledOptimizer = Pick<Optimizer, 'lr'>;

/**
 * A schedule's saved state, PyTorch's `scheduler.state_dict()`.
 * @category Schedules
 */
export interface SchedulerState {
  /** How many times `step()` has been called (0 right after construction). */
  lastEpoch: number;
  /** The optimizer's learning rate when the schedule was created. */
  baseLr: number;
  /** The learning rate the last step set. */
  lastLr: number;
  /** The schedule's options. */
  options: Record<string, number>;
}

/**
 * The base of closed-form learning-rate schedules. On construction it records the optimizer's
 * learning rate as `baseLr` and sets the rate for epoch 0; each {@link LRScheduler.step} then
 * advances the epoch and sets the rate for it.
 * ```math
 * lr_e = f(baseLr, e)      e = 0 on construction, then 1, 2, … after each step()
 * ```
 * Rates come from the closed form, not from multiplying the optimizer's current rate, so a
 * schedule restored from {@link LRScheduler.stateDict} continues exactly. (PyTorch's chainable
 * form, which lets two schedules compose on one optimizer, is not reproduced.)
 * @example
 * ```ts
 * const schedule = new StepLR(optimizer, { stepSize: 30 });
 * for (let epoch = 0; epoch < 100; epoch++) {
 *   train(); // optimizer.step() inside
 *   schedule.step();
 * }
 * ```
 * @see torch.optim.lr_scheduler.LRScheduler
 * @category Schedules
 */
export abstract class LRScheduler<Options extends Record<string, number> = Record<string, number>> {
  /** The optimizer whose learning rate this schedule sets. */
  readonly optimizer: ScheduledOptimizer;
  /** The schedule's options, resolved. */
  protected options: Options;
  /** The optimizer's learning rate when the schedule was created. */
  protected baseLr: number;
  #lastEpoch = -1;
  #lastLr: number;

  /**
   * @param optimizer - the optimizer to schedule; its current `lr` becomes `baseLr`
   * @param options - the resolved options (subclasses check them first)
   */
  constructor(optimizer: ScheduledOptimizer, options: Options) {
    if (typeof optimizer !== 'object' || optimizer === null || typeof optimizer.lr !== 'number') {
      throw new ArgumentError(
        `${new.target.name}: optimizer must be an Optimizer (with a numeric lr), got ${optimizer === null ? 'null' : typeof optimizer}.`,
        { argument: 'optimizer' },
      );
    }
    this.checkOptions(options);
    this.optimizer = optimizer;
    this.options = options;
    this.baseLr = optimizer.lr;
    this.#lastLr = optimizer.lr;
    this.step();
  }

  /** How many times {@link LRScheduler.step} has been called since construction. */
  get lastEpoch(): number {
    return this.#lastEpoch;
  }

  /**
   * Advances one epoch (or iteration) and sets the optimizer's learning rate for it. Call it
   * after `optimizer.step()`, as in PyTorch.
   * @see torch.optim.lr_scheduler.LRScheduler.step
   */
  step(): void {
    this.#lastEpoch++;
    this.#lastLr = this.lrAt(this.#lastEpoch);
    this.optimizer.lr = this.#lastLr;
  }

  /**
   * The learning rate the last {@link LRScheduler.step} (or the constructor) set. One number:
   * Unroll optimizers have a single parameter group, where PyTorch returns a list.
   * @see torch.optim.lr_scheduler.LRScheduler.get_last_lr
   */
  getLastLr(): number {
    return this.#lastLr;
  }

  /** The epoch count, base and last rates and options. @see torch.optim.lr_scheduler.LRScheduler.state_dict */
  stateDict(): SchedulerState {
    return {
      lastEpoch: this.#lastEpoch,
      baseLr: this.baseLr,
      lastLr: this.#lastLr,
      options: { ...this.options },
    };
  }

  /**
   * Restores a state saved by {@link LRScheduler.stateDict}. Like PyTorch, it does not change the
   * optimizer's learning rate: restore the optimizer's own state for that.
   * @throws {ArgumentError} if the state is malformed or holds other options
   * @see torch.optim.lr_scheduler.LRScheduler.load_state_dict
   */
  loadStateDict(state: SchedulerState): void {
    const api = `${this.constructor.name}.loadStateDict`;
    const numbers = [state?.lastEpoch, state?.baseLr, state?.lastLr];
    if (
      !numbers.every((value) => typeof value === 'number') ||
      !Number.isInteger(state.lastEpoch)
    ) {
      throw new ArgumentError(
        `${api}: state must be a SchedulerState with an integer lastEpoch and numeric baseLr and lastLr, got ${JSON.stringify(state)}.`,
        { argument: 'state' },
      );
    }
    const expected = Object.keys(this.options).sort().join(', ');
    const given = Object.keys(state.options ?? {})
      .sort()
      .join(', ');
    if (expected !== given) {
      throw new ArgumentError(
        `${api}: state.options must have the keys ${expected}, got ${given}.`,
        {
          argument: 'state',
        },
      );
    }
    const options = { ...state.options } as Options;
    this.checkOptions(options);
    this.options = options;
    this.baseLr = state.baseLr;
    this.#lastEpoch = state.lastEpoch;
    this.#lastLr = state.lastLr;
  }

  /** Throws an ArgumentError naming the option unless the options are valid. */
  protected abstract checkOptions(options: Options): void;

  /** The learning rate at epoch `epoch` (0, 1, 2, …), from {@link LRScheduler.baseLr}. */
  protected abstract lrAt(epoch: number): number;
}
