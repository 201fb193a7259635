// Metrics: free functions of a mean loss or of predictions, and a running-mean accumulator.
export { accuracy } from './accuracy';
export type { AccuracyOptions } from './accuracy';
export { bitsPerCharacter } from './bits-per-character';
export { perplexity } from './perplexity';
export { RunningMean } from './running-mean';
