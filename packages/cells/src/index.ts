// @unroll/cells: Module, the RNN, LSTM and GRU cells with fused steps and exact backwards,
// initialisers, and the fused whole-sequence Function the recurrent layers run.
export { Module } from './module';
export type { LoadStateDictOptions, StateDict } from './module';
export { defaultRecurrentInit, orthogonal, xavierUniform, zerosInit } from './init';
export type { InitOptions } from './init';
export { RNNCell, rnnKernel } from './rnn-cell';
export type { Nonlinearity, RNNCellOptions } from './rnn-cell';
export { LSTMCell, lstmKernel } from './lstm-cell';
export type { LSTMCellOptions, LSTMVariant } from './lstm-cell';
export { GRUCell, gruKernel } from './gru-cell';
export type { GRUCellOptions } from './gru-cell';
export { recordGradientNorms, sequenceFunction } from './internal/sequence';
export type {
  GradientNormRecord,
  RecordedGradientNorms,
  SequenceArgs,
  SequenceOptions,
  SequenceTrace,
} from './internal/sequence';
export type {
  BackwardStep,
  CellKernel,
  CellWeightGradients,
  CellWeights,
  ForwardStep,
  StepSizes,
} from './cell-spec';
export type { RecurrentCell } from './recurrent-cell';
export { lstmStepReference } from './lstm-cell.reference';
export type { LSTMReferenceWeights } from './lstm-cell.reference';
export { gruStepReference } from './gru-cell.reference';
export type { GRUReferenceWeights } from './gru-cell.reference';
export { rnnStepReference } from './rnn-cell.reference';
export { LayerNormLSTMCell } from './layer-norm-lstm-cell';
export type { LayerNormLSTMCellOptions } from './layer-norm-lstm-cell';
export { cellSpecs } from './registry';
export type { CellName, CellSpec } from './registry';
