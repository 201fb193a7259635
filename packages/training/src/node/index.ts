// @unroll/training/node: the file-system side of training (atomic checkpoint files). Node
// only; the main entry stays browser-safe.
export { loadCheckpoint, saveCheckpoint, writeFileAtomic } from './checkpoint-file';
