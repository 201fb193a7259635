// The WebAssembly kernels of @unroll/tensor's wasm backend. The JS side (src/backends/wasm)
// owns the memory: it allocates every buffer and passes byte offsets.
export {
  packB,
  packBPanels,
  packedSize,
  gemmScratchSize,
  gemm,
  gemmPacked,
  gemmPackedPanels,
  gemmSmallK,
  gemmTSmallN,
} from './gemm';
export { addRowBias, columnSums, gatherRows, scatterAddRows } from './rows';
export { lstmForward, lstmBackward } from './lstm';
export { gruForward, gruBackward } from './gru';
export { rnnForward, rnnBackward } from './rnn';
export { softmaxCrossEntropy, softmaxCrossEntropyGrad } from './loss';
export { adamUpdate } from './optimizer';
export { unaryF32, binaryF32, reduceF32 } from './elementwise';

/** First byte after the module's static data: the JS allocator starts here. */
export function heapBase(): usize {
  return __heap_base;
}
