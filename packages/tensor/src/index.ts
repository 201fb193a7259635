// @unroll/tensor: tensors, ops with broadcasting, seeded random numbers, safetensors I/O and
// the backend contract with its pure-TypeScript reference backend.
export { Tensor } from './tensor';
export type { GradNode, NestedArray, TensorLike, TensorLikeArray } from './tensor';
export type { DType, TypedArray, TypedArrayFor } from './dtype';
export { dtypes, isFloatDType, promoteDTypes } from './dtype';
export type { Shape } from './shape';
export { broadcastShapes, formatShape } from './shape';

export { fromArray, tensor } from './ops/convert';
export type { TensorOptions } from './ops/convert';
export {
  arange,
  eye,
  full,
  fullLike,
  linspace,
  ones,
  onesLike,
  zeros,
  zerosLike,
} from './ops/creation';
export {
  abs,
  add,
  cast,
  clamp,
  clone,
  div,
  equal,
  exp,
  greater,
  greaterEqual,
  less,
  lessEqual,
  log,
  log1p,
  maximum,
  minimum,
  mul,
  neg,
  notEqual,
  pow,
  relu,
  sigmoid,
  sign,
  softplus,
  sqrt,
  square,
  sub,
  tanh,
  where,
} from './ops/elementwise';
export {
  broadcastTo,
  chunk,
  concat,
  expand,
  flip,
  index,
  pad,
  permute,
  reshape,
  select,
  slice,
  split,
  squeeze,
  stack,
  transpose,
  unsqueeze,
} from './ops/layout';
export type { IndexEntry, SliceRange } from './ops/layout';
export {
  argmax,
  argmin,
  logSoftmax,
  logsumexp,
  max,
  mean,
  min,
  norm,
  softmax,
  sum,
  sumTo,
  variance,
} from './ops/reduce';
export type { Axes, VarianceOptions } from './ops/reduce';
export { matmul, outer } from './ops/mat-mul';
export type { MatMulOptions } from './ops/mat-mul';
export { gather, indexAdd, indexSelect, oneHot, scatterAdd } from './ops/indexing';
export type { IndexSelectOptions } from './ops/indexing';
export { normal, rand, randint, randLike, randn, randnLike, randperm, uniform } from './ops/random';
export type { RandomOptions } from './ops/random';
export { defaultGenerator, Generator, manualSeed } from './random';
export type { GeneratorState } from './random';

export { readSafetensors, writeSafetensors, MAX_HEADER_BYTES } from './io/safetensors';
export type { SafetensorsContent } from './io/safetensors';

export type { Backend, DataHandle, TensorInfo } from './backends/backend';
export { getBackend, listBackends, registerBackend, setBackend } from './backends';
export { CpuBackend } from './backends/cpu/cpu-backend';
export { WasmBackend } from './backends/wasm/wasm-backend';
export type { ParallelCalls, WasmMemoryUsage } from './backends/wasm/wasm-backend';
export type { WasmLoadResult } from './backends/wasm/load';
export {
  getThreads,
  loadWasm,
  setThreads,
  threadsReady,
  wasmAvailable,
} from './backends/wasm/load';
export type {
  RecurrentBackwardArgs,
  RecurrentCell,
  RecurrentForwardArgs,
  RecurrentForwardResult,
  RecurrentGradients,
  RecurrentKernels,
  RecurrentSaved,
  RecurrentSizes,
  RecurrentStepper,
  RecurrentStepperArgs,
  RecurrentStepperHead,
  RecurrentStepperLayer,
  RecurrentStepperState,
  RecurrentWeights,
} from './backends/recurrent';
export { kernelNames } from './kernels';
export type { AttrsOf, KernelName } from './kernels';
export type { KernelSpec, NoAttrs, TensorMeta } from './kernels/kernel-spec';
export type { ArgReduceAttrs, ReduceAttrs } from './kernels/reduce';
export type { MatMulAttrs } from './kernels/mat-mul';
export type { PadAttrs, SliceAttrs } from './kernels/layout';
export { getAutogradHook, runKernel, setAutogradHook } from './dispatch';
export type { AutogradHook, BackwardOptions, RunKernelOptions } from './dispatch';

export { UnrollError } from './errors/unroll-error';
export type { UnrollErrorOptions } from './errors/unroll-error';
export { ShapeError } from './errors/shape-error';
export type { ShapeErrorOptions } from './errors/shape-error';
export { DTypeError } from './errors/dtype-error';
export { ArgumentError } from './errors/argument-error';
export type { ArgumentErrorOptions } from './errors/argument-error';
export { UnsupportedKernelError } from './errors/unsupported-kernel-error';
export type { UnsupportedKernelErrorOptions } from './errors/unsupported-kernel-error';
export { NotDifferentiableError } from './errors/not-differentiable-error';
export type { NotDifferentiableErrorOptions } from './errors/not-differentiable-error';
export { GradientShapeError } from './errors/gradient-shape-error';
export type { GradientShapeErrorOptions } from './errors/gradient-shape-error';
export { FormatError } from './errors/format-error';
export { setWarningHandler, warnOnce } from './warn';
export { softmaxCrossEntropy, softmaxCrossEntropyBackward } from './ops/loss';
export type { SoftmaxCrossEntropyAttrs } from './kernels/loss';
export { adamUpdate } from './ops/optimizer';
export type { AdamState } from './ops/optimizer';
export type { AdamUpdateAttrs } from './kernels/optimizer';
