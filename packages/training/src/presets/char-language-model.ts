// A ready character (or byte, or word) language model: an embedding, a stacked recurrent
// layer and a linear head, with generation. The CLI's `train`, `sample` and `demo` use it.
import { Embedding, GRU, LSTM, Linear, RNN, Stepper, type LSTMState } from '@unroll/architectures';
import { noGrad } from '@unroll/autograd';
import { Module } from '@unroll/cells';
import {
  ArgumentError,
  type Generator,
  type Tensor,
  defaultGenerator,
  tensor,
  type DType,
} from '@unroll/tensor';

/** What rebuilds a {@link CharLanguageModel}; saved in checkpoints. @category Presets */
export interface CharLanguageModelConfig {
  /** Number of tokens. */
  vocabSize: number;
  /** The recurrent cell. */
  cell: 'lstm' | 'gru' | 'rnn';
  /** Hidden size of every layer. */
  hiddenSize: number;
  /** Stacked layers (default 1). */
  numLayers?: number;
  /** Size of the token embedding (default: hiddenSize). */
  embeddingSize?: number;
  /** Dropout between recurrent layers (default 0). */
  dropout?: number;
}

/** The state a language model carries between chunks: h, or [h, c]. @category Presets */
export type LanguageModelState = Tensor | LSTMState;

/**
 * A recurrent language model over token ids.
 * ```math
 * e_t = E[x_t],  h_t = RNN(e_t, h_{t−1}),  logits_t = W h_t + b
 * ```
 * **Input**: ids `[N, T]` int32. **Output**: logits `[N, T, vocabSize]` and the final state.
 * @example
 * ```ts
 * const model = new CharLanguageModel({ vocabSize: 60, cell: 'lstm', hiddenSize: 128 });
 * const [logits, state] = model.forward(tensor([[1, 2, 3]], { dtype: 'int32' }));
 * ```
 * @category Presets
 */
export class CharLanguageModel extends Module {
  /** The configuration it was built from. */
  readonly config: Required<CharLanguageModelConfig>;
  /** Token embedding `[vocabSize, embeddingSize]`. */
  embedding: Embedding;
  /** The recurrent layers (batch-first). */
  rnn: LSTM | GRU | RNN;
  /** Output head `[vocabSize, hiddenSize]`. */
  head: Linear;

  constructor(
    config: CharLanguageModelConfig,
    options: { dtype?: DType; generator?: Generator } = {},
  ) {
    super();
    if (!['lstm', 'gru', 'rnn'].includes(config.cell)) {
      throw new ArgumentError(
        `CharLanguageModel: cell must be 'lstm', 'gru' or 'rnn', got ${JSON.stringify(config.cell)}.`,
        { argument: 'cell' },
      );
    }
    this.config = {
      numLayers: 1,
      embeddingSize: config.hiddenSize,
      dropout: 0,
      ...config,
    };
    const { vocabSize, hiddenSize, numLayers, embeddingSize, dropout } = this.config;
    this.embedding = new Embedding(vocabSize, embeddingSize, options);
    const layer = {
      inputSize: embeddingSize,
      hiddenSize,
      numLayers,
      dropout,
      batchFirst: true,
      ...options,
    };
    this.rnn =
      config.cell === 'lstm'
        ? new LSTM(layer)
        : config.cell === 'gru'
          ? new GRU(layer)
          : new RNN(layer);
    this.head = new Linear(hiddenSize, vocabSize, options);
  }

  /** Logits for every position, and the state after the last one. */
  forward(ids: Tensor, state?: LanguageModelState): [logits: Tensor, state: LanguageModelState] {
    const embedded = this.embedding.forward(ids);
    const [output, next] =
      this.rnn instanceof LSTM
        ? this.rnn.forward(embedded, state as LSTMState | undefined)
        : this.rnn.forward(embedded, state as Tensor | undefined);
    return [this.head.forward(output), next];
  }
}

/** Options of {@link generate}. @category Presets */
export interface GenerateOptions {
  /** Tokens to read first (at least one). */
  prime: readonly number[];
  /** Tokens to generate. */
  length: number;
  /** Softmax temperature: below 1 is more conservative, above 1 more adventurous (default 1). */
  temperature?: number;
  /** Source of the sampling randomness. */
  generator?: Generator;
}

/** Draws an index from `softmax(logits / temperature)`. */
function sampleLogits(
  logits: ArrayLike<number>,
  temperature: number,
  generator: Generator,
): number {
  let max = -Infinity;
  for (let k = 0; k < logits.length; k++) max = Math.max(max, logits[k]!);
  const weights = new Float64Array(logits.length);
  let total = 0;
  for (let k = 0; k < logits.length; k++) {
    weights[k] = Math.exp((logits[k]! - max) / temperature);
    total += weights[k]!;
  }
  let threshold = generator.nextFloat64() * total;
  for (let k = 0; k < weights.length; k++) {
    threshold -= weights[k]!;
    if (threshold < 0) return k;
  }
  return weights.length - 1;
}

/** The logits after one token. */
function stepOne(stepper: Stepper, id: number): ArrayLike<number> {
  return stepper.step([id]).data();
}

/** One stepper per model, kept between calls (it notices changed weights by itself). */
const steppers = new WeakMap<CharLanguageModel, Stepper>();

/** The model's stepper, made again if a part of the model was replaced. */
function stepperOf(model: CharLanguageModel): Stepper {
  const cached = steppers.get(model);
  if (
    cached !== undefined &&
    cached.rnn === model.rnn &&
    cached.embedding === model.embedding &&
    cached.head === model.head
  ) {
    return cached;
  }
  cached?.dispose();
  const stepper = new Stepper(model.rnn, { embedding: model.embedding, head: model.head });
  steppers.set(model, stepper);
  return stepper;
}

/**
 * Samples `length` tokens from a language model after reading `prime`, one token at a time
 * with the carried state (batch of one), each drawn from `softmax(logits / temperature)`.
 * @param model - a trained {@link CharLanguageModel}
 * @param options - `prime` ids (at least one), `length` (≥ 0), `temperature` (> 0, default 1),
 * `generator`
 * @returns the generated ids (without the prime)
 * @throws {ArgumentError} for an empty prime, a negative length or a temperature ≤ 0
 * @example
 * ```ts
 * const ids = generate(model, { prime: tokenizer.encode('Once '), length: 100, temperature: 0.8 });
 * console.log(tokenizer.decode(ids));
 * ```
 * @category Presets
 */
export function generate(model: CharLanguageModel, options: GenerateOptions): number[] {
  const { prime, length, temperature = 1, generator = defaultGenerator } = options;
  if (!Number.isInteger(length) || length < 0) {
    throw new ArgumentError(`generate: length must be a non-negative integer, got ${length}.`, {
      argument: 'length',
    });
  }
  if (prime.length === 0)
    throw new ArgumentError('generate: prime must hold at least one token, got none.', {
      argument: 'prime',
    });
  if (!(temperature > 0))
    throw new ArgumentError(`generate: temperature must be positive, got ${temperature}.`, {
      argument: 'temperature',
    });
  const vocab = model.config.vocabSize;
  const bad = prime.find((id) => !Number.isInteger(id) || id < 0 || id >= vocab);
  if (bad !== undefined)
    throw new ArgumentError(
      `generate: prime ids must be integers in [0, ${vocab - 1}], got ${bad}.`,
      {
        argument: 'prime',
      },
    );
  // The prime in one pass over the whole sequence (no dropout), then one step at a time with
  // the state carried: the Stepper runs without dropout and, on the wasm backend, with the
  // weights prepared once for every call.
  const stepper = stepperOf(model);
  let logits: ArrayLike<number>;
  if (prime.length === 1) {
    stepper.reset();
    logits = stepOne(stepper, prime[0]!);
  } else {
    const wasTraining = model.training;
    model.eval();
    try {
      const [all, state] = noGrad(() => model.forward(tensor([prime], { dtype: 'int32' })));
      stepper.reset(state);
      logits = all.data().slice((prime.length - 1) * vocab);
    } finally {
      model.train(wasTraining);
    }
  }
  const out: number[] = [];
  for (let k = 0; k < length; k++) {
    const next = sampleLogits(logits, temperature, generator);
    out.push(next);
    if (k === length - 1) break; // the last token needs no step
    logits = stepOne(stepper, next);
  }
  return out;
}
