// Argument checks shared by the synthetic tasks.
import { ArgumentError } from '@unroll/tensor';

/**
 * Returns `value` if it is an integer ≥ `minimum` (and ≤ `maximum`), else throws an
 * {@link ArgumentError} naming the argument.
 * @internal
 */
export function checkInteger(
  value: number,
  minimum: number,
  api: string,
  argument: string,
  maximum = Number.MAX_SAFE_INTEGER,
): number {
  if (!Number.isInteger(value) || value < minimum || value > maximum) {
    const range =
      maximum === Number.MAX_SAFE_INTEGER ? `≥ ${minimum}` : `in [${minimum}, ${maximum}]`;
    throw new ArgumentError(
      `${api}: ${argument} must be an integer ${range}, got ${String(value)}.`,
      {
        argument,
      },
    );
  }
  return value;
}
