import { describe, expect, it } from 'vitest';
import { offsetOf, positions, sizeOf, thrown } from './helpers';

describe('test helpers', () => {
  it('walk a shape in row-major order', () => {
    expect(positions([2, 3])).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [1, 0],
      [1, 1],
      [1, 2],
    ]);
    expect(positions([2, 3]).map((p) => offsetOf([2, 3], p))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(sizeOf([2, 3, 4])).toBe(24);
    expect(positions([])).toEqual([[]]);
  });

  it('catch what a call throws, and fail when it throws nothing', () => {
    expect(
      thrown(() => {
        throw new TypeError('boom');
      }).message,
    ).toBe('boom');
    expect(() => thrown(() => 1)).toThrow('expected the call to throw');
  });
});
