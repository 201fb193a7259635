// Embedding: a lookup table from token ids to vectors, the usual input layer for text.
import { Parameter } from '@unroll/autograd';
import { Module } from '@unroll/cells';
import {
  ArgumentError, DTypeError, Tensor, indexSelect, mul, normal, notEqual, reshape, tensor, unsqueeze, cast,
  type DType, type Generator, type TensorLike,
} from '@unroll/tensor';

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
 * @example
 * ```ts
 * const embed = new Embedding(100, 16);
 * embed.forward(tensor([[1, 5, 7]], { dtype: 'int32' })); // [1, 3, 16]
 * ```
 * @see torch.nn.Embedding
 * @category Layers
 */
export class Embedding extends Module {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  readonly paddingIdx: number | null;
  weight: Parameter;

  constructor(numEmbeddings: number, embeddingDim: number, options: EmbeddingOptions = {}) {
    super();
    for (const [name, value] of [['numEmbeddings', numEmbeddings], ['embeddingDim', embeddingDim]] as const) {
      if (!Number.isInteger(value) || value < 1) throw new ArgumentError(`Embedding: ${name} must be a positive integer, got ${value}.`, { argument: name });
    }
    const padding = options.paddingIdx ?? null;
    if (padding !== null && (!Number.isInteger(padding) || padding < 0 || padding >= numEmbeddings)) {
      throw new ArgumentError(`Embedding: paddingIdx must be an integer in [0, ${numEmbeddings - 1}], got ${padding}.`, { argument: 'paddingIdx' });
    }
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    this.paddingIdx = padding;
    let initial = normal([numEmbeddings, embeddingDim], 0, 1, { dtype: options.dtype, generator: options.generator });
    if (padding !== null) {
      const keep = tensor(Array.from({ length: numEmbeddings }, (_, k) => (k === padding ? 0 : 1)), { dtype: initial.dtype });
      initial = mul(initial, unsqueeze(keep, 1));
    }
    this.weight = new Parameter(initial);
  }

  /** Looks up each id. @throws {DTypeError} for non-integer ids; {@link ArgumentError} for ids out of range */
  forward(ids: TensorLike): Tensor {
    const index = ids instanceof Tensor ? ids : tensor(ids, { dtype: 'int32' });
    if (index.dtype !== 'int32') throw new DTypeError(`Embedding.forward: ids must have dtype int32, got ${index.dtype}.`);
    let vectors = indexSelect(this.weight, 0, reshape(index, [-1]));
    if (this.paddingIdx !== null) {
      // Multiplying by a 0/1 mask keeps the padding row's gradient at zero.
      vectors = mul(vectors, unsqueeze(cast(notEqual(reshape(index, [-1]), this.paddingIdx), vectors.dtype), 1));
    }
    return reshape(vectors, [...index.shape, this.embeddingDim]);
  }

  protected override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}${this.paddingIdx === null ? '' : `, paddingIdx=${this.paddingIdx}`}`;
  }
}
