// Flag value parsers for commander: each turns a string into a checked value or explains,
// in commander's own error line, what was expected.
import { InvalidArgumentError } from 'commander';

/** A positive integer flag value. */
export function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed) || parsed < 1) {
    throw new InvalidArgumentError(`expected a positive integer, got '${value}'.`);
  }
  return parsed;
}

/** A non-negative integer flag value (seeds). */
export function nonNegativeInteger(value: string): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(parsed)) {
    throw new InvalidArgumentError(`expected a non-negative integer, got '${value}'.`);
  }
  return parsed;
}

/** A positive finite number flag value (learning rates, temperatures). */
export function positiveNumber(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed <= 0) {
    throw new InvalidArgumentError(`expected a positive number, got '${value}'.`);
  }
  return parsed;
}
