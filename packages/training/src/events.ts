// The trainer's events: plain, serialisable objects that progress bars, loss charts and the
// visualisation package subscribe to. One member of the union per event, named noun-verb.

/** After every optimisation step. @category Training */
export interface StepEndEvent {
  /** The event's kind. */
  readonly type: 'step-end';
  /** Steps taken so far (1 after the first). */
  readonly step: number;
  /** Epoch index, 0 first. */
  readonly epoch: number;
  /** The chunk's loss before the update. */
  readonly loss: number;
  /** Learning rate used for the update. */
  readonly lr: number;
  /** Global gradient norm before clipping (L2, or the clip's `normType`). */
  readonly gradNorm: number;
  /** Tokens (or samples) the step consumed, as the loss function reported. */
  readonly tokens: number;
  /** Seconds the step took. */
  readonly seconds: number;
}

/** After every pass over the data. @category Training */
export interface EpochEndEvent {
  /** The event's kind. */
  readonly type: 'epoch-end';
  /** The epoch that ended, 0 first. */
  readonly epoch: number;
  /** Steps taken so far. */
  readonly step: number;
  /** Token-weighted mean training loss over the epoch. */
  readonly meanLoss: number;
}

/** After every validation run. @category Training */
export interface EvalEvent {
  /** The event's kind. */
  readonly type: 'eval';
  /** Steps taken so far. */
  readonly step: number;
  /** Current epoch. */
  readonly epoch: number;
  /** The validation loss. */
  readonly loss: number;
  /** True when this is the best validation loss so far. */
  readonly best: boolean;
}

/** After the trainer asked for a checkpoint to be written. @category Training */
export interface CheckpointEvent {
  /** The event's kind. */
  readonly type: 'checkpoint';
  /** Steps taken so far. */
  readonly step: number;
  /** Where it went, if the writer said. */
  readonly path: string | undefined;
}

/** ‖∂L/∂h_t‖ for every time step t of one layer and direction. @category Training */
export interface LayerGradientNorms {
  /** The cell kind, e.g. `'LSTM'`. */
  readonly kernel: string;
  /** True for a reverse direction. */
  readonly reverse: boolean;
  /** One norm per time position. */
  readonly norms: readonly number[];
}

/** The gradient norm ‖∂L/∂h_t‖ per time step of every recurrent layer, when the diagnostic is on. @category Training */
export interface GradientNormsEvent {
  /** The event's kind. */
  readonly type: 'gradient-norms';
  /** Steps taken so far. */
  readonly step: number;
  /** One entry per fused sequence run, in backward order (last layer first). */
  readonly layers: readonly LayerGradientNorms[];
}

/** Every event the trainer emits. @category Training */
export type TrainingEvent =
  StepEndEvent | EpochEndEvent | EvalEvent | CheckpointEvent | GradientNormsEvent;

/** The event of a given type. @category Training */
export type TrainingEventOf<T extends TrainingEvent['type']> = Extract<
  TrainingEvent,
  Record<'type', T>
>;
