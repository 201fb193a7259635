// Losses: one free function per file, each with its options type.
export { binaryCrossEntropyWithLogits } from './binary-cross-entropy-with-logits';
export type { BinaryCrossEntropyWithLogitsOptions } from './binary-cross-entropy-with-logits';
export { crossEntropy } from './cross-entropy';
export type { CrossEntropyOptions } from './cross-entropy';
export { huber } from './huber';
export type { HuberOptions } from './huber';
export { l1 } from './l1';
export type { L1Options } from './l1';
export { mse } from './mse';
export type { MSEOptions } from './mse';
export type { Reduction } from './reduction';
