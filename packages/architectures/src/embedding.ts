// Embedding: a lookup table from token ids to vectors, the usual input layer for text.
import { Parameter } from '@unroll/autograd';
import { Module } from '@unroll/cells';
import {
  ArgumentError,
  DTypeError,
  Tensor,
  cast,
  indexSelect,
  mul,
  normal,
  notEqual,
  reshape,
  tensor,
  unsqueeze,
  where,
  type DType,
  type Generator,
  type TensorLike,
} from '@unroll/tensor';

/** An Embedding's output seen as what it looked up: the ids and the table they index. */
export interface Lookup {
  /** The int32 ids, in the output's shape without its last axis. */
  readonly ids: Tensor;
  /** `[numEmbeddings, embeddingDim]` the table, its padding row kept out of the gradient. */
  table(): Tensor;
}

// Each Embedding output, with what it looked up: a recurrent layer reading one of these
// multiplies the table by its input weights once instead of every step's copied row.
const lookups = new WeakMap<Tensor, Lookup>();

/** What an Embedding looked up to produce `output`, or undefined for any other tensor. */
export function lookupOf(output: Tensor): Lookup | undefined {
  return lookups.get(output);
}

/** Options of {@link Embedding}. @category Layers */
export interface EmbeddingOptions {
  /** An id whose vector stays zero and gets no gradient (for padding). */
  paddingIdx?: number;
  /** Element type (default float32). */
  dtype?: DType;
  /** Source of the initial weights. */
  generator?: Generator;
}

/**
 * A table of `numEmbeddings` vectors of size `embeddingDim`, looked up by integer id
 * (PyTorch's `nn.Embedding`).
 *
 * **Inputs**: `ids`, int32 of any shape, values in `[0, numEmbeddings)`.
 * **Output**: `[...ids.shape, embeddingDim]`. **Parameters**: `weight`
 * `[numEmbeddings, embeddingDim]`, `N(0, 1)` as in PyTorch (the padding row zero).
 *
 * Fed straight into an {@link LSTM}, {@link GRU} or {@link RNN}, the output is read by the
 * layer as ids into this table: the first layer's input weights multiply the table once
 * (`numEmbeddings` rows) instead of every step's row, forward and backward, whenever the table
 * has fewer rows than the batch has steps (character models). Results and gradients are the
 * same; the output tensor itself then gets no gradient (`retainGrad` on it stays empty), since
 * the gradient goes to the table directly. When the table has no more rows than the lookup
 * has ids, the output's vectors are copied from the table only when something reads them (the
 * copy is deferred), so a layer reading ids costs no copy. Any op in between (dropout, a
 * scale) keeps the usual path.
 * @example
 * ```ts
 * const embed = new Embedding(100, 16);
 * embed.forward(tensor([[1, 5, 7]], { dtype: 'int32' })); // [1, 3, 16]
 * ```
 * @see torch.nn.Embedding
 * @category Layers
 */
export class Embedding extends Module {
  /** Number of rows in the table. */
  readonly numEmbeddings: number;
  /** Size of each vector. */
  readonly embeddingDim: number;
  /** The id whose vector stays zero, or null. */
  readonly paddingIdx: number | null;
  /** `[numEmbeddings, embeddingDim]` the table. */
  weight: Parameter;

  constructor(numEmbeddings: number, embeddingDim: number, options: EmbeddingOptions = {}) {
    super();
    for (const [name, value] of [
      ['numEmbeddings', numEmbeddings],
      ['embeddingDim', embeddingDim],
    ] as const) {
      if (!Number.isInteger(value) || value < 1)
        throw new ArgumentError(`Embedding: ${name} must be a positive integer, got ${value}.`, {
          argument: name,
        });
    }
    const padding = options.paddingIdx ?? null;
    if (
      padding !== null &&
      (!Number.isInteger(padding) || padding < 0 || padding >= numEmbeddings)
    ) {
      throw new ArgumentError(
        `Embedding: paddingIdx must be an integer in [0, ${numEmbeddings - 1}], got ${padding}.`,
        { argument: 'paddingIdx' },
      );
    }
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    this.paddingIdx = padding;
    let initial = normal([numEmbeddings, embeddingDim], 0, 1, {
      dtype: options.dtype,
      generator: options.generator,
    });
    if (padding !== null) {
      const keep = tensor(
        Array.from({ length: numEmbeddings }, (_, k) => (k === padding ? 0 : 1)),
        { dtype: initial.dtype },
      );
      initial = mul(initial, unsqueeze(keep, 1));
    }
    this.weight = new Parameter(initial);
  }

  /** Looks up each id. @throws {DTypeError} for non-integer ids; {@link ArgumentError} for ids out of range */
  forward(ids: TensorLike): Tensor {
    // Plain arrays are read as given, so that 1.5 is an error rather than id 1.
    const given = ids instanceof Tensor ? ids : tensor(ids);
    const integral =
      given.dtype === 'int32' || (!(ids instanceof Tensor) && given.data().every(Number.isInteger));
    if (!integral) {
      throw new DTypeError(
        `Embedding.forward: ids must be int32 (or integers), got ${ids instanceof Tensor ? given.dtype : 'non-integer numbers'}.`,
      );
    }
    const index = given.dtype === 'int32' ? given : cast(given, 'int32');
    for (const id of index.data()) {
      if (id < 0 || id >= this.numEmbeddings) {
        throw new ArgumentError(
          `Embedding.forward: ids must be in [0, ${this.numEmbeddings - 1}], got ${id}.`,
          { argument: 'ids' },
        );
      }
    }
    // Deferred: a recurrent layer fed this output reads the table by id and never its values.
    // Until read, the output holds the table as it is now (a later optimizer step replaces
    // it), so only a table no larger than the output is deferred: holding it costs no more
    // than the copy would have.
    const defer = this.numEmbeddings <= index.size;
    let vectors = indexSelect(this.weight, 0, reshape(index, [-1]), { defer });
    if (this.paddingIdx !== null) {
      // The padding row is returned as stored (PyTorch), but a detached copy at its positions
      // keeps its gradient at zero.
      const trainable = unsqueeze(notEqual(reshape(index, [-1]), this.paddingIdx), 1);
      vectors = where(trainable, vectors, vectors.detach());
    }
    const output = reshape(vectors, [...index.shape, this.embeddingDim]);
    const weight = this.weight;
    lookups.set(output, { ids: index, table: () => this.#table(weight) });
    return output;
  }

  /** The table a lookup read, as a layer reads it: the padding row's gradient held at zero. */
  #table(weight: Tensor): Tensor {
    if (this.paddingIdx === null) return weight;
    const keep = tensor(
      Array.from({ length: this.numEmbeddings }, (_, k) => [k === this.paddingIdx ? 0 : 1]),
      { dtype: 'int32' },
    );
    return where(keep, weight, weight.detach());
  }

  protected override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}${this.paddingIdx === null ? '' : `, paddingIdx=${this.paddingIdx}`}`;
  }
}
