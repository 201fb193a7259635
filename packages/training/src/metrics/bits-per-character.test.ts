// bitsPerCharacter: nats to bits, the 8-bit uniform byte model, and errors.
import { tensor } from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import { bitsPerCharacter } from './bits-per-character';

describe('bitsPerCharacter', () => {
  it('divides nats by ln 2', () => {
    expect(bitsPerCharacter(Math.LN2)).toBe(1);
    expect(bitsPerCharacter(Math.log(256))).toBeCloseTo(8, 14);
    expect(bitsPerCharacter(tensor(1.5, { dtype: 'float64' }))).toBeCloseTo(1.5 / Math.log(2), 15);
  });

  it('rejects a string', () => {
    expect(() => bitsPerCharacter('1.2' as unknown as number)).toThrow(
      'bitsPerCharacter: meanLossNats must be a number or a one-element tensor, got string.',
    );
  });
});
