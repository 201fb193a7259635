// Reads a metric's input, a plain number or a one-element tensor (a loss), as a number.
import { ArgumentError, Tensor, formatShape } from '@unroll/tensor';

/** The value of a number or a one-element tensor. @internal */
export function scalarValue(value: number | Tensor, api: string, argument: string): number {
  if (value instanceof Tensor) {
    if (value.size !== 1) {
      throw new ArgumentError(
        `${api}: ${argument} must be a number or a one-element tensor, got a tensor of shape ${formatShape(value.shape)}.`,
        { argument },
      );
    }
    return value.item();
  }
  if (typeof value !== 'number') {
    throw new ArgumentError(
      `${api}: ${argument} must be a number or a one-element tensor, got ${typeof value}.`,
      {
        argument,
      },
    );
  }
  return value;
}
