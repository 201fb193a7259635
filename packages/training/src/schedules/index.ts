// Learning-rate schedules: the LRScheduler base, one schedule per file, and ReduceLROnPlateau.
export { CosineAnnealingLR } from './cosine-annealing-lr';
export type { CosineAnnealingLROptions } from './cosine-annealing-lr';
export { ExponentialLR } from './exponential-lr';
export type { ExponentialLROptions } from './exponential-lr';
export { LinearWarmup } from './linear-warmup';
export type { LinearWarmupOptions } from './linear-warmup';
export { LRScheduler } from './lr-scheduler';
export type { ScheduledOptimizer, SchedulerState } from './lr-scheduler';
export { ReduceLROnPlateau } from './reduce-lr-on-plateau';
export type {
  ReduceLROnPlateauOptions,
  ReduceLROnPlateauSettings,
  ReduceLROnPlateauState,
} from './reduce-lr-on-plateau';
export { StepLR } from './step-lr';
export type { StepLROptions } from './step-lr';
