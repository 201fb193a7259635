// Checks for optimizer hyperparameters, shared so that every optimizer words its errors the
// same way: `Adam: options.betas[0] must be in [0, 1), got 1.`
import { ArgumentError } from '@unroll/tensor';

/** Throws unless `value` is a finite number ≥ 0. @internal */
export function checkNonNegative(
  api: string,
  name: string,
  value: unknown,
  label = `options.${name}`,
): void {
  if (typeof value !== 'number' || !(value >= 0) || value === Infinity) {
    throw new ArgumentError(`${api}: ${label} must be a finite number ≥ 0, got ${String(value)}.`, {
      argument: name,
    });
  }
}

/** Throws unless `value` is a finite number. @internal */
export function checkFinite(api: string, name: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ArgumentError(
      `${api}: options.${name} must be a finite number, got ${String(value)}.`,
      {
        argument: name,
      },
    );
  }
}

/** Throws unless `value` is in [0, 1), the range of a decay rate such as Adam's betas. @internal */
export function checkDecay(api: string, name: string, value: unknown): void {
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
    throw new ArgumentError(`${api}: options.${name} must be in [0, 1), got ${String(value)}.`, {
      argument: name,
    });
  }
}

/** Throws unless `value` is a boolean. @internal */
export function checkBoolean(api: string, name: string, value: unknown): void {
  if (typeof value !== 'boolean') {
    throw new ArgumentError(
      `${api}: options.${name} must be true or false, got ${String(value)}.`,
      {
        argument: name,
      },
    );
  }
}
