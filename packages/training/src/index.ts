// @unroll/training: losses, optimizers, gradient clipping, schedules, truncated BPTT, the
// trainer and its events, data pipelines, checkpoints (as bytes; files in ./node) and metrics.
export { binaryCrossEntropyWithLogits, crossEntropy, huber, l1, mse } from './losses';
export type {
  BinaryCrossEntropyWithLogitsOptions,
  CrossEntropyOptions,
  HuberOptions,
  L1Options,
  MSEOptions,
  Reduction,
} from './losses';
export { Adagrad, Adam, AdamW, Optimizer, RMSprop, SGD } from './optimizers';
export type {
  AdagradHyperparameters,
  AdagradOptions,
  AdamHyperparameters,
  AdamOptions,
  AdamWOptions,
  OptimizerHyperparameters,
  OptimizerState,
  ParameterState,
  RMSpropHyperparameters,
  RMSpropOptions,
  SGDHyperparameters,
  SGDOptions,
} from './optimizers';
export { clipGradNorm, clipGradValue, gradNorm } from './clip';
export {
  CosineAnnealingLR,
  ExponentialLR,
  LinearWarmup,
  LRScheduler,
  ReduceLROnPlateau,
  StepLR,
} from './schedules';
export type {
  CosineAnnealingLROptions,
  ExponentialLROptions,
  LinearWarmupOptions,
  ReduceLROnPlateauOptions,
  ReduceLROnPlateauSettings,
  ReduceLROnPlateauState,
  ScheduledOptimizer,
  SchedulerState,
  StepLROptions,
} from './schedules';
export { accuracy, bitsPerCharacter, perplexity, RunningMean } from './metrics';
export type { AccuracyOptions } from './metrics';
export { Trainer } from './trainer';
export type {
  ClipOptions,
  EarlyStoppingOptions,
  FitOptions,
  FitResult,
  LossResult,
  SteppedSchedule,
  StepResult,
  TrainerOptimizer,
  TrainerOptions,
} from './trainer';
export type {
  CheckpointEvent,
  EpochEndEvent,
  EvalEvent,
  GradientNormsEvent,
  LayerGradientNorms,
  StepEndEvent,
  TrainingEvent,
  TrainingEventOf,
} from './events';
export { detachState, resetStateRows, timeChunks } from './tbptt';
export type { CarriedState } from './tbptt';
export { decodeCheckpoint, encodeCheckpoint } from './checkpoint';
export type {
  Checkpoint,
  CheckpointMetadata,
  CheckpointOptimizer,
  CheckpointOptimizerState,
} from './checkpoint';
export { tokenizerFromJSON } from './data/tokenizer';
export type { Tokenizer, TokenizerJSON, TokenizerKind } from './data/tokenizer';
export { CharTokenizer } from './data/char-tokenizer';
export type { CharTokenizerJSON, CharTokenizerOptions } from './data/char-tokenizer';
export { ByteTokenizer } from './data/byte-tokenizer';
export type { ByteTokenizerJSON } from './data/byte-tokenizer';
export { WordTokenizer } from './data/word-tokenizer';
export type { WordTokenizerJSON, WordTokenizerOptions } from './data/word-tokenizer';
export {
  padSequenceFeatures,
  padSequences,
  shuffle,
  streamBatches,
  trainValidationSplit,
} from './data/batching';
export type {
  PadSequencesOptions,
  PaddedSequences,
  StreamBatch,
  StreamBatches,
  StreamBatchesOptions,
  TrainValidationSplit,
  TrainValidationSplitOptions,
} from './data/batching';
export { normalize, parseCsvSeries, windowSeries } from './data/csv-series';
export type {
  NormalizeStatistics,
  Normalized,
  ParseCsvSeriesOptions,
  WindowSeriesOptions,
  WindowedSeries,
} from './data/csv-series';
export { addingProblem } from './data/tasks/adding-problem';
export type { AddingProblem, AddingProblemOptions } from './data/tasks/adding-problem';
export { copyTask } from './data/tasks/copy-task';
export type { CopyTask, CopyTaskOptions } from './data/tasks/copy-task';
export { bracketsTask } from './data/tasks/brackets-task';
export type { BracketsTask, BracketsTaskOptions } from './data/tasks/brackets-task';
export { additionTask } from './data/tasks/addition-task';
export type { AdditionTask, AdditionTaskOptions } from './data/tasks/addition-task';
export { noisySine } from './data/tasks/noisy-sine';
export type { NoisySine, NoisySineOptions } from './data/tasks/noisy-sine';
export { CharLanguageModel, generate } from './presets/char-language-model';
export type {
  CharLanguageModelConfig,
  GenerateOptions,
  LanguageModelState,
} from './presets/char-language-model';
