// The trainer: runs any Module's loss over a stream of batches with truncated BPTT (a state
// carried and detached between chunks, reset at document boundaries), gradient clipping,
// schedules, validation with early stopping, checkpoints and typed events.
import { recordGradientNorms, type Module } from '@unroll/cells';
import { noGrad } from '@unroll/autograd';
import { ArgumentError, type Tensor } from '@unroll/tensor';
import { clipGradNorm, clipGradValue, gradNorm as measureGradNorm } from './clip';
import type { TrainingEvent, TrainingEventOf } from './events';
import { detachState, resetStateRows, type CarriedState } from './tbptt';

/** What the trainer needs of an optimizer (every `Optimizer` fits). @category Training */
export interface TrainerOptimizer {
  /** Applies one update from the parameters' `.grad`. */
  step(): void;
  /** The learning rate (read for events). */
  readonly lr: number;
}

/** What the loss function returns for one batch. @category Training */
export interface LossResult<State> {
  /** A scalar loss to minimise. */
  loss: Tensor;
  /** The state to carry into the next batch (truncated BPTT); omit for stateless models. */
  state?: State;
  /** Tokens or samples in the batch, for weighting means and throughput (default 1). */
  tokens?: number;
}

/** Gradient clipping: by global norm (PyTorch's clip_grad_norm_) or by value. @category Training */
export type ClipOptions =
  | {
      /** Largest allowed global gradient norm. */
      maxNorm: number;
      /** Which p-norm (default 2). */
      normType?: number;
    }
  | {
      /** Clamp every gradient entry to [−value, value]. */
      value: number;
    };

/** A learning-rate schedule the trainer steps (every schedule fits). @category Training */
export interface SteppedSchedule {
  /** Advances the schedule; plateau schedules read the validation loss. */
  step(metric?: number): void;
}

/** When to stop for lack of progress. @category Training */
export interface EarlyStoppingOptions {
  /** Evaluations without improvement before stopping. */
  patience: number;
  /** The least decrease that counts as an improvement (default 0). */
  minDelta?: number;
}

/** What one {@link Trainer.trainStep} did. @category Training */
export interface StepResult {
  /** The batch's loss before the update. */
  loss: number;
  /** Tokens the batch held. */
  tokens: number;
}

/** Options of {@link Trainer}. @category Training */
export interface TrainerOptions<Batch, State extends CarriedState> {
  /** The model; its parameters are what the optimizer updates. */
  model: Module;
  /** Updates the parameters. */
  optimizer: TrainerOptimizer;
  /**
   * Computes one batch's loss. `state` is what the previous batch returned, detached (or
   * undefined at the start and after a whole-batch reset).
   */
  loss: (batch: Batch, state: State | undefined) => LossResult<State>;
  /** Gradient clipping before each update: by global norm or by value. */
  clip?: ClipOptions;
  /** A schedule stepped after every update (`'step'`, default) or every epoch (`'epoch'`). */
  scheduler?: SteppedSchedule;
  /** When to step the scheduler. */
  schedulerInterval?: 'step' | 'epoch';
  /** Computes the validation loss (run in eval mode, without recording). */
  validate?: () => number;
  /** Validate every this many steps (default: at the end of every epoch only). */
  evalEvery?: number;
  /** Stop when the validation loss has not improved by `minDelta` for `patience` evaluations. */
  earlyStopping?: EarlyStoppingOptions;
  /** Carry the state from batch to batch (default true); false starts every batch afresh. */
  carryState?: boolean;
  /** Record ‖∂L/∂h_t‖ per time step every this many steps (0: never, the default). */
  gradientNormsEvery?: number;
  /** Ask for a checkpoint every this many steps; `onCheckpoint` writes it and may return a path. */
  checkpointEvery?: number;
  /** Writes a checkpoint (see `@unroll/training/node`'s saveCheckpoint). */
  onCheckpoint?: (info: { step: number; epoch: number }) => string | void;
}

/** Options of {@link Trainer.fit}. @category Training */
export interface FitOptions {
  /** Passes over the data (default 1). */
  epochs?: number;
  /** Stop after this many steps in total (counting `startStep`). */
  maxSteps?: number;
  /** Resume at this step: the first `startStep` batches are skipped (data must be deterministic). */
  startStep?: number;
  /** Stops training after the current step when aborted (Ctrl-C, a UI button). */
  signal?: AbortSignal;
}

/** What {@link Trainer.fit} returns. @category Training */
export interface FitResult {
  /** Steps taken in total. */
  steps: number;
  /** Why training stopped. */
  stoppedBy: 'epochs' | 'max-steps' | 'early-stopping' | 'aborted';
  /** The best validation loss seen, if any validation ran. */
  bestValidationLoss: number | undefined;
}

type Listener<T extends TrainingEvent['type']> = (event: TrainingEventOf<T>) => void;

const now = (): number => (typeof performance === 'undefined' ? Date.now() : performance.now());
/** Lets timers, signals and UI events run between steps. */
const breathe = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Trains a model on batches. Works for any {@link Module}: the loss function says how a batch
 * becomes a loss and which recurrent state to carry.
 * @example
 * ```ts
 * const trainer = new Trainer({
 *   model, optimizer: new Adam(model.parameters(), { lr: 3e-3 }),
 *   loss: (batch, state) => { const [logits, next] = model.forward(batch.input, state);
 *     return { loss: crossEntropy(logits.reshape([-1, V]), batch.target.reshape([-1])), state: next }; },
 *   clip: { maxNorm: 1 },
 * });
 * trainer.on('step-end', (e) => console.log(e.step, e.loss));
 * await trainer.fit(() => streamBatches(ids, { batchSize: 16, seqLen: 64 }), { epochs: 5 });
 * ```
 * @category Training
 */
export class Trainer<Batch, State extends CarriedState = CarriedState> {
  readonly #options: TrainerOptions<Batch, State>;
  readonly #listeners = new Map<string, Set<(event: never) => void>>();
  /** The state carried into the next batch (save it with a checkpoint to resume exactly). */
  carriedState: State | undefined = undefined;
  /** Steps taken so far. */
  step = 0;

  constructor(options: TrainerOptions<Batch, State>) {
    if (typeof options.loss !== 'function') {
      throw new ArgumentError(
        `Trainer: options.loss must be a function (batch, state) => { loss }, got ${typeof options.loss}.`,
        { argument: 'loss' },
      );
    }
    this.#options = options;
  }

  /** Subscribes to an event type; returns a function that unsubscribes. */
  on<T extends TrainingEvent['type']>(type: T, listener: Listener<T>): () => void {
    const set = this.#listeners.get(type) ?? new Set();
    set.add(listener);
    this.#listeners.set(type, set);
    return () => set.delete(listener);
  }

  #emit(event: TrainingEvent): void {
    for (const listener of this.#listeners.get(event.type) ?? [])
      (listener as (e: TrainingEvent) => void)(event);
  }

  /** One optimisation step on one batch; returns the loss and token count. */
  trainStep(batch: Batch, epoch = 0): StepResult {
    const { model, optimizer, clip } = this.#options;
    const started = now();
    model.train();
    this.#applyReset(batch);
    const result = this.#options.loss(batch, this.carriedState);
    const loss = result.loss.item();
    if (!Number.isFinite(loss)) {
      throw new ArgumentError(
        `Trainer.trainStep: the loss is ${loss} at step ${this.step + 1}. Hint: lower the learning rate or clip gradients.`,
        { argument: 'loss' },
      );
    }
    model.zeroGrad();
    const every = this.#options.gradientNormsEvery ?? 0;
    const record = every > 0 && (this.step + 1) % every === 0;
    if (record) {
      const { records } = recordGradientNorms(() => result.loss.backward());
      this.#emit({
        type: 'gradient-norms',
        step: this.step + 1,
        layers: records.map((r) => ({
          kernel: r.kernel,
          reverse: r.reverse,
          norms: Array.from(r.norms),
        })),
      });
    } else {
      result.loss.backward();
    }
    const parameters = model.parameters();
    let gradNorm: number;
    if (clip !== undefined && 'maxNorm' in clip) {
      gradNorm = clipGradNorm(parameters, clip.maxNorm, clip.normType ?? 2);
    } else {
      gradNorm = measureGradNorm(parameters);
      if (clip !== undefined) clipGradValue(parameters, clip.value);
    }
    const lr = optimizer.lr;
    noGrad(() => optimizer.step());
    this.carriedState =
      result.state === undefined || this.#options.carryState === false
        ? undefined
        : detachState(result.state);
    this.step++;
    if ((this.#options.schedulerInterval ?? 'step') === 'step') this.#options.scheduler?.step();
    const tokens = result.tokens ?? 1;
    this.#emit({
      type: 'step-end',
      step: this.step,
      epoch,
      loss,
      lr,
      gradNorm,
      tokens,
      seconds: (now() - started) / 1000,
    });
    return { loss, tokens };
  }

  #applyReset(batch: Batch): void {
    const reset = (batch as { reset?: boolean | readonly boolean[] } | null)?.reset;
    if (this.carriedState === undefined || reset === undefined || reset === false) return;
    this.carriedState = reset === true ? undefined : resetStateRows(this.carriedState, reset);
  }

  /** Runs validation in eval mode without recording; returns the loss. */
  evaluate(): number | undefined {
    const { validate, model } = this.#options;
    if (validate === undefined) return undefined;
    model.eval();
    try {
      return noGrad(validate);
    } finally {
      model.train();
    }
  }

  /**
   * Trains for `epochs` passes over `data` (an iterable, or a function returning a fresh one
   * per epoch). Yields to the event loop between steps so progress output and Ctrl-C work.
   */
  async fit(
    data: Iterable<Batch> | ((epoch: number) => Iterable<Batch>),
    options: FitOptions = {},
  ): Promise<FitResult> {
    const { epochs = 1, maxSteps = Infinity, startStep = 0, signal } = options;
    const { evalEvery, earlyStopping, checkpointEvery, onCheckpoint } = this.#options;
    let best: number | undefined;
    let sinceBest = 0;
    let skip = startStep;
    this.step = Math.max(this.step, startStep);
    let lastBreath = now();
    let lastValidation: number | undefined;
    const validateNow = (epoch: number): boolean => {
      const loss = this.evaluate();
      lastValidation = loss;
      if (loss === undefined) return false;
      const improved = best === undefined || loss < best - (earlyStopping?.minDelta ?? 0);
      if (improved) {
        best = loss;
        sinceBest = 0;
      } else {
        sinceBest++;
      }
      this.#emit({ type: 'eval', step: this.step, epoch, loss, best: improved });
      return earlyStopping !== undefined && sinceBest >= earlyStopping.patience;
    };
    for (let epoch = 0; epoch < epochs; epoch++) {
      let lossSum = 0;
      let tokenSum = 0;
      let steps = 0;
      for (const batch of typeof data === 'function' ? data(epoch) : data) {
        if (skip > 0) {
          skip--;
          continue;
        }
        if (this.step >= maxSteps)
          return { steps: this.step, stoppedBy: 'max-steps', bestValidationLoss: best };
        const { loss, tokens } = this.trainStep(batch, epoch);
        steps++;
        lossSum += loss * tokens;
        tokenSum += tokens;
        if (
          checkpointEvery !== undefined &&
          onCheckpoint !== undefined &&
          this.step % checkpointEvery === 0
        ) {
          this.#emit({
            type: 'checkpoint',
            step: this.step,
            path: onCheckpoint({ step: this.step, epoch }) ?? undefined,
          });
        }
        if (evalEvery !== undefined && this.step % evalEvery === 0 && validateNow(epoch)) {
          return { steps: this.step, stoppedBy: 'early-stopping', bestValidationLoss: best };
        }
        if (now() - lastBreath > 30) {
          await breathe();
          lastBreath = now();
        }
        if (signal?.aborted === true)
          return { steps: this.step, stoppedBy: 'aborted', bestValidationLoss: best };
      }
      // An epoch skipped whole by a resume did not happen in this run: no end-of-epoch work.
      if (steps === 0) continue;
      this.#emit({ type: 'epoch-end', epoch, step: this.step, meanLoss: lossSum / tokenSum });
      const stop = evalEvery === undefined && validateNow(epoch);
      // Epoch schedules step once per epoch; plateau schedules read this epoch's validation loss.
      if (this.#options.schedulerInterval === 'epoch')
        this.#options.scheduler?.step(lastValidation);
      if (stop) return { steps: this.step, stoppedBy: 'early-stopping', bestValidationLoss: best };
    }
    return { steps: this.step, stoppedBy: 'epochs', bestValidationLoss: best };
  }
}
