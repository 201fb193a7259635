// The base of every error Unroll throws. A Symbol marker makes `isInstance` work even when two
// copies of the package are installed, where `instanceof` would fail.

const marker = Symbol.for('unroll.error');

/** Options shared by every Unroll error. */
export interface UnrollErrorOptions {
  /** The error that caused this one, kept when wrapping. */
  cause?: unknown;
}

/**
 * The base class of every error thrown by Unroll packages.
 *
 * Messages follow one template: `<publicApi>: <argument> <expectation>, got <actual>.`
 * optionally followed by ` Hint: <fix>.`
 *
 * @example
 * ```ts
 * try { matmul(a, b); } catch (error) { if (UnrollError.isInstance(error)) console.log(error.message); }
 * ```
 * @category Errors
 */
export class UnrollError extends Error {
  private readonly [marker] = true;

  constructor(message: string, options: UnrollErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UnrollError';
  }

  /** True for any Unroll error, even one thrown by another installed copy of the package. */
  static isInstance(error: unknown): error is UnrollError {
    return typeof error === 'object' && error !== null && marker in error;
  }
}

/**
 * Builds the `isInstance` check of an error subclass from its own marker symbol.
 * @internal
 */
export function markerCheck<T>(symbol: symbol): (error: unknown) => error is T {
  return (error: unknown): error is T =>
    typeof error === 'object' && error !== null && symbol in error;
}
