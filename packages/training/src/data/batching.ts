// Turning data into batches: char-rnn style streams for truncated BPTT, padding of
// variable-length sequences, and seeded shuffling and splitting.
import {
  ArgumentError,
  defaultGenerator,
  ShapeError,
  tensor,
  type Generator,
  type Tensor,
} from '@unroll/tensor';

/** Options of {@link streamBatches}. @category Data */
export interface StreamBatchesOptions {
  /** Number of parallel streams `N`, the rows of every batch. */
  batchSize: number;
  /** Time steps `L` per chunk, the columns of every batch (the truncated-BPTT length). */
  seqLen: number;
}

/** One chunk of {@link streamBatches}: `target` is `input` shifted one step ahead. @category Data */
export interface StreamBatch {
  /** Token ids, int32 `[N, L]`. */
  input: Tensor;
  /** The next token after each input token, int32 `[N, L]`. */
  target: Tensor;
}

/**
 * The chunks of one epoch, re-iterable (each `for…of` starts a new epoch from chunk 0).
 * @category Data
 */
export interface StreamBatches extends Iterable<StreamBatch> {
  /** Chunks per epoch. */
  readonly count: number;
  /** Rows `N` of every chunk. */
  readonly batchSize: number;
  /** Time steps `L` of every chunk. */
  readonly seqLen: number;
}

/**
 * Cuts one token stream into `N = batchSize` parallel streams and yields them `L = seqLen` steps
 * at a time, the way char-rnn and PyTorch's word-language-model example batch text.
 *
 * The stream is trimmed to `N·S` tokens, where `S = ⌊length / N⌋`, and row `r` reads tokens
 * `[r·S, (r+1)·S)`. Chunk `k` holds steps `[k·L, (k+1)·L)` of every row, so row `r` of chunk
 * `k + 1` continues exactly where row `r` of chunk `k` stopped: carry the hidden state from one
 * chunk to the next (detached) and the model sees each row as one long text.
 * ```math
 * input[r][t] = ids[r·S + k·L + t],  target[r][t] = ids[r·S + k·L + t + 1],  count = ⌊(S − 1) / L⌋
 * ```
 * @param ids - token ids (non-negative integers), e.g. from a tokenizer's `encode`; copied
 * @param options - `batchSize` (`N`) and `seqLen` (`L`), positive integers
 * @returns a re-iterable of `count` chunks `{ input, target }`, each int32 `[N, L]`; a trailing
 * remainder shorter than `L` is dropped
 * @throws {ArgumentError} if `batchSize` or `seqLen` is not a positive integer, an id is not a
 * non-negative integer, or `ids` is shorter than `N·(L + 1)` tokens (too short for one chunk)
 * @example
 * ```ts
 * const text = 'to be or not to be, that is the question. '.repeat(100);
 * const tokenizer = CharTokenizer.fromText(text);
 * const batches = streamBatches(tokenizer.encode(text), { batchSize: 32, seqLen: 64 });
 * for (let epoch = 0; epoch < 10; epoch++) {
 *   for (const { input, target } of batches) {
 *     // input, target: int32 [32, 64]
 *   }
 * }
 * ```
 * @category Data
 */
export function streamBatches(
  ids: ArrayLike<number>,
  options: StreamBatchesOptions,
): StreamBatches {
  const api = 'streamBatches';
  const batchSize = checkPositiveInteger(options.batchSize, api, 'options.batchSize');
  const seqLen = checkPositiveInteger(options.seqLen, api, 'options.seqLen');
  const needed = batchSize * (seqLen + 1);
  if (ids.length < needed) {
    throw new ArgumentError(
      `${api}: ids must hold at least batchSize·(seqLen + 1) = ${batchSize}·${seqLen + 1} = ${needed} tokens for one chunk, got ${ids.length}. Hint: lower batchSize or seqLen, or use a longer text.`,
      { argument: 'ids' },
    );
  }
  for (let position = 0; position < ids.length; position++) {
    const id = ids[position] as number;
    if (!Number.isInteger(id) || id < 0 || id > 0x7fffffff) {
      throw new ArgumentError(
        `${api}: ids[${position}] must be a non-negative integer, got ${String(id)}.`,
        { argument: 'ids' },
      );
    }
  }
  // A private copy: later changes to the caller's array cannot alter the batches.
  const tokens = Int32Array.from(ids);
  const rowLength = Math.floor(tokens.length / batchSize);
  const count = Math.floor((rowLength - 1) / seqLen);
  const chunk = (k: number, shift: number): Tensor => {
    const values = new Int32Array(batchSize * seqLen);
    for (let r = 0; r < batchSize; r++) {
      const start = r * rowLength + k * seqLen + shift;
      values.set(tokens.subarray(start, start + seqLen), r * seqLen);
    }
    return tensor(values, { dtype: 'int32' }).reshape([batchSize, seqLen]);
  };
  return {
    count,
    batchSize,
    seqLen,
    *[Symbol.iterator]() {
      for (let k = 0; k < count; k++) yield { input: chunk(k, 0), target: chunk(k, 1) };
    },
  };
}

/** Options of {@link padSequences} and {@link padSequenceFeatures}. @category Data */
export interface PadSequencesOptions {
  /** Value written after the end of each shorter sequence (default 0). */
  padValue?: number;
  /** Pad or cut every sequence to this length (default: the longest sequence's length). */
  maxLength?: number;
}

/** The result of {@link padSequences} or {@link padSequenceFeatures}. @category Data */
export interface PaddedSequences {
  /** The sequences, batch-first and padded at the end: `[N, L_max]` or `[N, L_max, F]`. */
  padded: Tensor;
  /** Length of each sequence after any cut, for packing or masking. */
  lengths: number[];
}

/**
 * Stacks token sequences of different lengths into one int32 batch, padding each at its end.
 * @param sequences - `N` sequences of integer ids
 * @param options - `padValue` (default 0) and `maxLength` (default: the longest; longer
 * sequences are cut to their first `maxLength` ids)
 * @returns `padded`, int32 `[N, L_max]`, and `lengths`, the `N` unpadded lengths (at most `L_max`)
 * @throws {ArgumentError} if a value or `padValue` is not an integer, or `maxLength` is not a
 * non-negative integer
 * @example
 * ```ts
 * const { padded, lengths } = padSequences([[5, 6, 7], [8]]);
 * padded.toArray(); // [[5, 6, 7], [8, 0, 0]]
 * lengths; // [3, 1]
 * ```
 * @see torch.nn.utils.rnn.pad_sequence (with `batch_first=True`)
 * @category Data
 */
export function padSequences(
  sequences: readonly (readonly number[])[],
  options: PadSequencesOptions = {},
): PaddedSequences {
  const api = 'padSequences';
  const padValue = options.padValue ?? 0;
  if (!Number.isInteger(padValue)) {
    throw new ArgumentError(`${api}: options.padValue must be an integer, got ${padValue}.`, {
      argument: 'options.padValue',
    });
  }
  const maxLength = paddedLength(sequences, options.maxLength, api);
  const values = new Int32Array(sequences.length * maxLength).fill(padValue);
  const lengths = sequences.map((sequence, n) => {
    const length = Math.min(sequence.length, maxLength);
    for (let t = 0; t < length; t++) {
      const value = sequence[t];
      if (!Number.isInteger(value)) {
        throw new ArgumentError(
          `${api}: sequences[${n}][${t}] must be an integer, got ${String(value)}.`,
          { argument: 'sequences' },
        );
      }
      values[n * maxLength + t] = value as number;
    }
    return length;
  });
  return { padded: tensor(values).reshape([sequences.length, maxLength]), lengths };
}

/**
 * Stacks sequences of feature vectors of different lengths into one float32 batch, padding each
 * at its end.
 * @param sequences - `N` sequences; each step is an array of `F` numbers (the same `F` for all)
 * @param options - `padValue` (default 0) and `maxLength` (default: the longest; longer
 * sequences are cut to their first `maxLength` steps)
 * @returns `padded`, float32 `[N, L_max, F]`, and `lengths`, the `N` unpadded lengths
 * @throws {ShapeError} if steps have different numbers of features
 * @throws {ArgumentError} if no sequence has a step (so `F` is unknown), or `maxLength` is not a
 * non-negative integer
 * @example
 * ```ts
 * const { padded, lengths } = padSequenceFeatures([[[1, 2], [3, 4]], [[5, 6]]]);
 * padded.shape; // [2, 2, 2]; padded row 1 is [[5, 6], [0, 0]]
 * lengths; // [2, 1]
 * ```
 * @see torch.nn.utils.rnn.pad_sequence (with `batch_first=True`)
 * @category Data
 */
export function padSequenceFeatures(
  sequences: readonly (readonly (readonly number[])[])[],
  options: PadSequencesOptions = {},
): PaddedSequences {
  const api = 'padSequenceFeatures';
  const padValue = options.padValue ?? 0;
  const maxLength = paddedLength(sequences, options.maxLength, api);
  const features = sequences.find((sequence) => sequence.length > 0)?.[0]?.length;
  if (features === undefined) {
    throw new ArgumentError(
      `${api}: sequences must contain at least one time step to infer the feature size F, got ${sequences.length} empty sequences.`,
      { argument: 'sequences' },
    );
  }
  const values = new Float32Array(sequences.length * maxLength * features).fill(padValue);
  const lengths = sequences.map((sequence, n) => {
    const length = Math.min(sequence.length, maxLength);
    for (let t = 0; t < length; t++) {
      const step = sequence[t] ?? [];
      if (step.length !== features) {
        throw new ShapeError(
          `${api}: sequences[${n}][${t}] must have F = ${features} features like sequences[…][0], got ${step.length}.`,
          { argument: 'sequences', expected: String(features), actual: String(step.length) },
        );
      }
      values.set(step, (n * maxLength + t) * features);
    }
    return length;
  });
  return { padded: tensor(values).reshape([sequences.length, maxLength, features]), lengths };
}

/**
 * A shuffled copy of `items` (Fisher–Yates). The same generator state gives the same order, and
 * shuffling `[0, 1, …, n − 1]` gives the same permutation as `randperm(n)` from that state.
 * @param items - the items; not modified
 * @param generator - source of randomness (default: the global generator)
 * @returns a new array holding the same items in random order
 * @example
 * ```ts
 * shuffle(['a', 'b', 'c', 'd'], new Generator(0)); // the same order on every run
 * ```
 * @see torch.randperm
 * @category Data
 */
export function shuffle<T>(items: readonly T[], generator: Generator = defaultGenerator): T[] {
  const result = [...items];
  for (let k = result.length - 1; k > 0; k--) {
    const j = generator.nextInt(0, k + 1);
    [result[k], result[j]] = [result[j] as T, result[k] as T];
  }
  return result;
}

/** Options of {@link trainValidationSplit}. @category Data */
export interface TrainValidationSplitOptions {
  /** Share of items held out for validation, in [0, 1]; the count is rounded to the nearest integer. */
  validationFraction: number;
  /** Source of randomness for the shuffle (default: the global generator). */
  generator?: Generator;
}

/** The two parts returned by {@link trainValidationSplit}. @category Data */
export interface TrainValidationSplit<T> {
  /** Items to train on. */
  train: T[];
  /** Items held out for validation. */
  validation: T[];
}

/**
 * Shuffles `items` and splits them into a training part and a validation part of
 * `round(validationFraction · n)` items. Deterministic for a given generator state.
 * @param items - the items; not modified
 * @param options - `validationFraction` in [0, 1] and an optional `generator`
 * @returns `{ train, validation }`, which together hold every item exactly once
 * @throws {ArgumentError} if `validationFraction` is not in [0, 1]
 * @example
 * ```ts
 * const examples = Array.from({ length: 100 }, (_, k) => k);
 * const { train, validation } = trainValidationSplit(examples, {
 *   validationFraction: 0.1,
 *   generator: new Generator(42),
 * }); // 90 and 10 items
 * ```
 * @see torch.utils.data.random_split
 * @category Data
 */
export function trainValidationSplit<T>(
  items: readonly T[],
  options: TrainValidationSplitOptions,
): TrainValidationSplit<T> {
  const fraction = options.validationFraction;
  if (typeof fraction !== 'number' || !(fraction >= 0 && fraction <= 1)) {
    throw new ArgumentError(
      `trainValidationSplit: options.validationFraction must be a number in [0, 1], got ${String(fraction)}.`,
      { argument: 'options.validationFraction' },
    );
  }
  const shuffled = shuffle(items, options.generator);
  const trainCount = shuffled.length - Math.round(fraction * shuffled.length);
  return { train: shuffled.slice(0, trainCount), validation: shuffled.slice(trainCount) };
}

function checkPositiveInteger(value: number, api: string, argument: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new ArgumentError(
      `${api}: ${argument} must be a positive integer, got ${String(value)}.`,
      {
        argument,
      },
    );
  }
  return value;
}

/** The padded length: `maxLength` when given (checked), else the longest sequence's length. */
function paddedLength(
  sequences: readonly { length: number }[],
  maxLength: number | undefined,
  api: string,
): number {
  if (maxLength === undefined)
    return sequences.reduce((longest, s) => Math.max(longest, s.length), 0);
  if (!Number.isInteger(maxLength) || maxLength < 0) {
    throw new ArgumentError(
      `${api}: options.maxLength must be a non-negative integer, got ${String(maxLength)}.`,
      { argument: 'options.maxLength' },
    );
  }
  return maxLength;
}
