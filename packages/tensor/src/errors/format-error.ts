// Thrown when a file or byte buffer is malformed (safetensors, checkpoints).
import { UnrollError, markerCheck, type UnrollErrorOptions } from './unroll-error';

const marker = Symbol.for('unroll.error.FormatError');

/**
 * A file or byte buffer is malformed: a truncated safetensors file, a bad header, offsets out of range.
 * @category Errors
 */
export class FormatError extends UnrollError {
  private readonly [marker] = true;

  constructor(message: string, options: UnrollErrorOptions = {}) {
    super(message, options);
    this.name = 'FormatError';
  }

  /** True for a FormatError from any installed copy of the package. */
  static override isInstance: (error: unknown) => error is FormatError = markerCheck(marker);
}
