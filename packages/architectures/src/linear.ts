// Linear: an affine map y = x Wᵀ + b over the last axis, the usual output head.
import { Parameter } from '@unroll/autograd';
import { Module } from '@unroll/cells';
import {
  ArgumentError,
  ShapeError,
  add,
  formatShape,
  matmul,
  uniform,
  type DType,
  type Generator,
  type Tensor,
} from '@unroll/tensor';

/** Options of {@link Linear}. @category Layers */
export interface LinearOptions {
  /** Add a bias (default true). */
  bias?: boolean;
  /** Element type (default float32). */
  dtype?: DType;
  /** Source of the initial weights. */
  generator?: Generator;
}

/**
 * `y = x Wᵀ + b` over the last axis (PyTorch's `nn.Linear`).
 *
 * **Inputs**: `x` `[…, inFeatures]`. **Output**: `[…, outFeatures]`.
 * **Parameters**: `weight` `[outFeatures, inFeatures]`, `bias` `[outFeatures]`, both
 * `U(−1/√inFeatures, 1/√inFeatures)` as in PyTorch.
 * @example
 * ```ts
 * const head = new Linear(16, 10);
 * head.forward(randn([4, 16])); // [4, 10]
 * ```
 * @see torch.nn.Linear
 * @category Layers
 */
export class Linear extends Module {
  /** Size of the last axis of the input. */
  readonly inFeatures: number;
  /** Size of the last axis of the output. */
  readonly outFeatures: number;
  /** `[outFeatures, inFeatures]` weights. */
  weight: Parameter;
  /** `[outFeatures]` bias, or null. */
  bias: Parameter | null;

  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    super();
    for (const [name, value] of [
      ['inFeatures', inFeatures],
      ['outFeatures', outFeatures],
    ] as const) {
      if (!Number.isInteger(value) || value < 1)
        throw new ArgumentError(`Linear: ${name} must be a positive integer, got ${value}.`, {
          argument: name,
        });
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    const bound = 1 / Math.sqrt(inFeatures);
    const init = (shape: number[]) =>
      new Parameter(
        uniform(shape, -bound, bound, { dtype: options.dtype, generator: options.generator }),
      );
    this.weight = init([outFeatures, inFeatures]);
    this.bias = options.bias === false ? null : init([outFeatures]);
  }

  /** Applies the map. @throws {ShapeError} if the last axis of `x` is not `inFeatures` */
  forward(x: Tensor): Tensor {
    if (x.rank < 1 || x.shape[x.rank - 1] !== this.inFeatures) {
      throw new ShapeError(
        `Linear.forward: x must have shape [..., ${this.inFeatures}], got ${formatShape(x.shape)}.`,
        { argument: 'x' },
      );
    }
    const y = matmul(x, this.weight, { transposeB: true });
    return this.bias === null ? y : add(y, this.bias);
  }

  protected override extraRepr(): string {
    return `inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}${this.bias === null ? ', bias=false' : ''}`;
  }
}
