// The copy task (Hochreiter & Schmidhuber 1997; Arjovsky, Shah & Bengio 2016): read a short
// sequence, wait through a delay, then reproduce it. It tests long-range memory.
import { defaultGenerator, tensor, type Generator, type Tensor } from '@unroll/tensor';
import { checkInteger } from './check';

/** Options of {@link copyTask}. @category Data */
export interface CopyTaskOptions {
  /** Number of symbols `K` to memorise per sequence. */
  length: number;
  /** Steps `T` between the end of the symbols and the start of the recall, at least 1. */
  delay: number;
  /** Size of the alphabet the symbols are drawn from (default 8). */
  symbols?: number;
  /** Number of sequences `N`. */
  count: number;
  /** Source of randomness (default: the global generator). */
  generator?: Generator;
}

/** The tensors and token ids of {@link copyTask}. @category Data */
export interface CopyTask {
  /** int32 `[N, L]` with `L = 2K + T`: the symbols, blanks, the go symbol, blanks. */
  inputs: Tensor;
  /** int32 `[N, L]`: blanks for the first `K + T` steps, then the symbols. */
  targets: Tensor;
  /** Id of the blank: 0. */
  blank: number;
  /** Id of the go symbol that asks for the recall: `symbols + 1`. */
  go: number;
  /** Number of distinct ids, `symbols + 2`: the size of the embedding and of the output layer. */
  vocabSize: number;
}

/**
 * Generates the copy task. Ids: 0 is the blank, `1…symbols` are the data symbols and
 * `symbols + 1` is the go symbol. With `K = length` and `T = delay`, each sequence has
 * `L = 2K + T` steps:
 * ```math
 * input  = s₁ … s_K  0 … 0 go  0 … 0     (K symbols, T − 1 blanks, go, K blanks)
 * target = 0 … 0  0 … 0  0     s₁ … s_K  (K + T blanks, then the symbols)
 * ```
 * Baseline: a model without memory can at best predict blanks and then a uniform guess, a
 * cross-entropy per step of `K · ln(symbols) / (2K + T)` and a recall accuracy of `1/symbols`.
 * For delays of tens to a few hundred steps, LSTM and GRU get well below that baseline where a
 * vanilla RNN stays at it; for very long delays (500 and more) gated cells often stall there
 * too (Arjovsky, Shah & Bengio 2016).
 * @param options - `length` (`K` ≥ 1), `delay` (`T` ≥ 1), `symbols` (≥ 1, default 8), `count`
 * (`N` ≥ 1) and an optional `generator`
 * @returns `inputs` and `targets`, int32 `[N, 2K + T]`, and the `blank`, `go` and `vocabSize` ids
 * @throws {ArgumentError} if an option is not a positive integer
 * @example
 * ```ts
 * const task = copyTask({ length: 10, delay: 50, count: 256, generator: new Generator(0) });
 * // task.inputs, task.targets: int32 [256, 70]; task.vocabSize = 10
 * ```
 * @category Data
 */
export function copyTask(options: CopyTaskOptions): CopyTask {
  const api = 'copyTask';
  const length = checkInteger(options.length, 1, api, 'options.length');
  const delay = checkInteger(options.delay, 1, api, 'options.delay');
  const symbols = checkInteger(options.symbols ?? 8, 1, api, 'options.symbols');
  const count = checkInteger(options.count, 1, api, 'options.count');
  const generator = options.generator ?? defaultGenerator;
  const go = symbols + 1;
  const steps = 2 * length + delay;
  const inputs = new Int32Array(count * steps);
  const targets = new Int32Array(count * steps);
  for (let n = 0; n < count; n++) {
    const row = n * steps;
    for (let k = 0; k < length; k++) {
      const symbol = generator.nextInt(1, symbols + 1);
      inputs[row + k] = symbol;
      targets[row + length + delay + k] = symbol;
    }
    inputs[row + length + delay - 1] = go;
  }
  return {
    inputs: tensor(inputs).reshape([count, steps]),
    targets: tensor(targets).reshape([count, steps]),
    blank: 0,
    go,
    vocabSize: symbols + 2,
  };
}
