// Optimizers: the Optimizer base and one optimizer per file, each with its options type.
export { Adagrad } from './adagrad';
export type { AdagradHyperparameters, AdagradOptions } from './adagrad';
export { Adam } from './adam';
export type { AdamHyperparameters, AdamOptions } from './adam';
export { AdamW } from './adamw';
export type { AdamWOptions } from './adamw';
export { Optimizer } from './optimizer';
export type { OptimizerHyperparameters, OptimizerState, ParameterState } from './optimizer';
export { RMSprop } from './rmsprop';
export type { RMSpropHyperparameters, RMSpropOptions } from './rmsprop';
export { SGD } from './sgd';
export type { SGDHyperparameters, SGDOptions } from './sgd';
