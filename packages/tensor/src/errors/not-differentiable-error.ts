// Thrown when a gradient is requested through a kernel that has none.
import { UnrollError, markerCheck, type UnrollErrorOptions } from './unroll-error';

const marker = Symbol.for('unroll.error.NotDifferentiableError');

/** Details carried by a {@link NotDifferentiableError}. */
export interface NotDifferentiableErrorOptions extends UnrollErrorOptions {
  /** The kernel without a gradient. */
  kernel?: string;
}

/**
 * A gradient was requested through a non-differentiable kernel (a comparison, argmax, a cast to int32).
 * @category Errors
 */
export class NotDifferentiableError extends UnrollError {
  private readonly [marker] = true;
  /** The kernel without a gradient. */
  readonly kernel: string | undefined;

  constructor(message: string, options: NotDifferentiableErrorOptions = {}) {
    super(message, options);
    this.name = 'NotDifferentiableError';
    this.kernel = options.kernel;
  }

  /** True for a NotDifferentiableError from any installed copy of the package. */
  static override isInstance: (error: unknown) => error is NotDifferentiableError =
    markerCheck(marker);
}
