// Checks for schedule options, worded like the optimizers' (`StepLR: options.stepSize must be
// a positive integer, got 0.`).
import { ArgumentError } from '@unroll/tensor';

/** Throws unless `value` is an integer ≥ 1. @internal */
export function checkPositiveInteger(api: string, name: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ArgumentError(
      `${api}: options.${name} must be a positive integer, got ${String(value)}.`,
      {
        argument: name,
      },
    );
  }
}

/** Throws unless `value` is a number in `[low, high]` (or `[low, high)` when `openHigh`). @internal */
export function checkRange(
  api: string,
  name: string,
  value: unknown,
  low: number,
  high: number,
  openHigh = false,
): void {
  const inside =
    typeof value === 'number' && value >= low && (openHigh ? value < high : value <= high);
  if (!inside) {
    const range = `[${low}, ${high === Infinity ? '∞' : high}${openHigh ? ')' : ']'}`;
    throw new ArgumentError(`${api}: options.${name} must be in ${range}, got ${String(value)}.`, {
      argument: name,
    });
  }
}
