// Thrown when a gradient does not have the shape of the tensor it belongs to.
import { UnrollError, markerCheck, type UnrollErrorOptions } from './unroll-error';

const marker = Symbol.for('unroll.error.GradientShapeError');

/** Details carried by a {@link GradientShapeError}. */
export interface GradientShapeErrorOptions extends UnrollErrorOptions {
  /** The kernel whose rule produced the gradient, if any. */
  kernel?: string;
}

/**
 * A gradient's shape differs from its input's: a bad upstream gradient, or a faulty gradient rule (then the message names the kernel).
 * @category Errors
 */
export class GradientShapeError extends UnrollError {
  private readonly [marker] = true;
  /** The kernel whose rule produced the gradient, if any. */
  readonly kernel: string | undefined;

  constructor(message: string, options: GradientShapeErrorOptions = {}) {
    super(message, options);
    this.name = 'GradientShapeError';
    this.kernel = options.kernel;
  }

  /** True for a GradientShapeError from any installed copy of the package. */
  static override isInstance: (error: unknown) => error is GradientShapeError = markerCheck(marker);
}
