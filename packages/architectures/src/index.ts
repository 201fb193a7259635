// @unroll/architectures: the recurrent layers (RNN, LSTM, GRU and Recurrence for custom
// cells) with stacking, two directions, variable lengths and traces, plus Linear, Embedding
// and Dropout, and the Stepper that runs a layer one step at a time for inference.
export { HiddenStateLayer, RecurrentLayer } from './recurrent';
export type { DirectionParameters, RecurrentForwardOptions, RecurrentOptions } from './recurrent';
export { RNN } from './rnn';
export type { RNNOptions } from './rnn';
export { LSTM } from './lstm';
export type { LSTMOptions, LSTMState } from './lstm';
export { GRU } from './gru';
export type { GRUOptions } from './gru';
export { Recurrence } from './recurrence';
export type { RecurrenceOptions } from './recurrence';
export { Linear } from './linear';
export type { LinearOptions } from './linear';
export { Embedding } from './embedding';
export type { EmbeddingOptions } from './embedding';
export { Dropout, dropout } from './dropout';
export type { DropoutOptions } from './dropout';
export type { LayerTrace, RecurrentTrace } from './trace';
export { Stepper } from './stepper';
export type { StepperOptions, StepperState } from './stepper';
