// Thrown when a dtype is not accepted.
import { UnrollError, markerCheck, type UnrollErrorOptions } from './unroll-error';

const marker = Symbol.for('unroll.error.DTypeError');

/**
 * A dtype isn't accepted: an integer tensor where a float is needed, or a dtype the backend lacks.
 * @category Errors
 */
export class DTypeError extends UnrollError {
  private readonly [marker] = true;

  constructor(message: string, options: UnrollErrorOptions = {}) {
    super(message, options);
    this.name = 'DTypeError';
  }

  /** True for a DTypeError from any installed copy of the package. */
  static override isInstance: (error: unknown) => error is DTypeError = markerCheck(marker);
}
