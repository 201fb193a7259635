// Thrown for a bad argument that is not a shape or dtype problem.
import { UnrollError, markerCheck, type UnrollErrorOptions } from './unroll-error';

const marker = Symbol.for('unroll.error.ArgumentError');

/** Details carried by a {@link ArgumentError}. */
export interface ArgumentErrorOptions extends UnrollErrorOptions {
  /** The argument that was wrong. */
  argument?: string;
}

/**
 * Any other bad argument: an axis out of range, a negative size, an option of the wrong kind.
 * @category Errors
 */
export class ArgumentError extends UnrollError {
  private readonly [marker] = true;
  /** The argument that was wrong. */
  readonly argument: string | undefined;

  constructor(message: string, options: ArgumentErrorOptions = {}) {
    super(message, options);
    this.name = 'ArgumentError';
    this.argument = options.argument;
  }

  /** True for a ArgumentError from any installed copy of the package. */
  static override isInstance: (error: unknown) => error is ArgumentError = markerCheck(marker);
}
