// Parameter: a tensor a model learns. It requires grad by default, and optimizers replace its
// values in place with `assign` so that every module holding it sees the update.
import {
  ArgumentError,
  DTypeError,
  ShapeError,
  Tensor,
  formatShape,
  isFloatDType,
} from '@unroll/tensor';
// Loading the engine makes backward() work for whoever uses this module.
import './engine';

/** Options of {@link Parameter}. @category Autograd */
export interface ParameterOptions {
  /** Whether the parameter is trained (default true). */
  requiresGrad?: boolean;
}

/**
 * A learnable tensor: a leaf that requires grad (unless told otherwise) and whose values
 * optimizers update with {@link Parameter.assign}.
 * @example
 * ```ts
 * const weight = new Parameter(randn([4, 3]).mul(0.1));
 * weight.requiresGrad; // true
 * ```
 * @see torch.nn.Parameter
 * @category Autograd
 */
export class Parameter extends Tensor {
  /** @param data - the initial values (shared, not copied: tensors are immutable) */
  constructor(data: Tensor, options: ParameterOptions = {}) {
    if (!(data instanceof Tensor)) {
      throw new ArgumentError(`Parameter: data must be a Tensor, got ${typeof data}.`, {
        argument: 'data',
      });
    }
    if (!isFloatDType(data.dtype)) {
      throw new DTypeError(`Parameter: data must be float32 or float64, got ${data.dtype}.`);
    }
    super(data.info().data, data.shape, data.dtype, data.backend);
    this.requiresGrad = options.requiresGrad ?? true;
  }

  /**
   * Replaces the values with `value`'s (same shape and dtype). Not recorded by autograd: use
   * it for optimizer steps and for loading weights.
   * @throws {ShapeError} if the shape differs; {@link DTypeError} if the dtype does
   */
  assign(value: Tensor): void {
    if (value.dtype !== this.dtype) {
      throw new DTypeError(
        `Parameter.assign: value must have dtype ${this.dtype}, got ${value.dtype}. Hint: cast with value.to('${this.dtype}').`,
      );
    }
    if (formatShape(value.shape) !== formatShape(this.shape)) {
      throw new ShapeError(
        `Parameter.assign: value must have shape ${formatShape(this.shape)} and dtype ${this.dtype}, got shape ${formatShape(value.shape)} and dtype ${value.dtype}.`,
        { argument: 'value', expected: formatShape(this.shape), actual: formatShape(value.shape) },
      );
    }
    this.moveTo(value.backend, value.info().data);
  }

  /** Prints like PyTorch: `Parameter containing:` then the tensor. */
  override toString(): string {
    return `Parameter containing:\n${super.toString()}`;
  }
}
