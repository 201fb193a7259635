// Thrown when tensor shapes do not fit together.
import { UnrollError, markerCheck, type UnrollErrorOptions } from './unroll-error';

const marker = Symbol.for('unroll.error.ShapeError');

/** Details carried by a {@link ShapeError}. */
export interface ShapeErrorOptions extends UnrollErrorOptions {
  /** The argument whose shape was wrong. */
  argument?: string;
  /** The shape (or rule) that was expected, as text. */
  expected?: string;
  /** The shape that arrived, as text. */
  actual?: string;
}

/**
 * Shapes don't fit: a wrong rank, a mismatched dimension, shapes that cannot broadcast.
 * @example
 * ```ts
 * matmul(zeros([3, 4]), zeros([5, 6])); // ShapeError: matmul: inner dimensions must match, …
 * ```
 * @category Errors
 */
export class ShapeError extends UnrollError {
  private readonly [marker] = true;
  /** The argument whose shape was wrong, when one argument is to blame. */
  readonly argument: string | undefined;
  /** What was expected, as text. */
  readonly expected: string | undefined;
  /** What arrived, as text. */
  readonly actual: string | undefined;

  constructor(message: string, options: ShapeErrorOptions = {}) {
    super(message, options);
    this.name = 'ShapeError';
    this.argument = options.argument;
    this.expected = options.expected;
    this.actual = options.actual;
  }

  /** True for a ShapeError from any installed copy of the package. */
  static override isInstance: (error: unknown) => error is ShapeError = markerCheck(marker);
}
