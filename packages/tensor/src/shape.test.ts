import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  broadcastShapes,
  dtypes,
  formatShape,
  isFloatDType,
  promoteDTypes,
  ShapeError,
  type DType,
} from './index';
import { broadcastStrides, normalizeAxes, normalizeAxis, sizeOf, stridesOf } from './shape';

/** Two shapes that broadcast: both derived from one base by dropping leading axes and setting some lengths to 1. */
const compatiblePair = fc
  .array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 4 })
  .chain((base) =>
    fc.tuple(
      fc.constant(base),
      fc.integer({ min: 0, max: base.length }),
      fc.integer({ min: 0, max: base.length }),
      fc.array(fc.boolean(), { minLength: base.length, maxLength: base.length }),
      fc.array(fc.boolean(), { minLength: base.length, maxLength: base.length }),
    ),
  )
  .map(([base, dropA, dropB, onesA, onesB]) => {
    const a = base.map((length, axis) => (onesA[axis] === true ? 1 : length)).slice(dropA);
    const b = base.map((length, axis) => (onesB[axis] === true ? 1 : length)).slice(dropB);
    return [a, b] as const;
  });

describe('formatShape', () => {
  it('prints shapes as [4, 10, 32] and a scalar as []', () => {
    expect(formatShape([4, 10, 32])).toBe('[4, 10, 32]');
    expect(formatShape([])).toBe('[]');
  });
});

describe('broadcastShapes', () => {
  it('aligns trailing axes and stretches length-1 axes', () => {
    expect(broadcastShapes([2, 1, 3], [4, 1])).toEqual([2, 4, 3]);
    expect(broadcastShapes([], [3])).toEqual([3]);
    expect(broadcastShapes([5, 1], [])).toEqual([5, 1]);
    expect(broadcastShapes([0], [1])).toEqual([0]);
    expect(broadcastShapes([1, 0], [3, 1])).toEqual([3, 0]);
  });

  it('is commutative and follows the rule on every axis (property)', () => {
    fc.assert(
      fc.property(compatiblePair, ([a, b]) => {
        const out = broadcastShapes(a, b);
        expect(broadcastShapes(b, a)).toEqual(out);
        expect(out.length).toBe(Math.max(a.length, b.length));
        out.forEach((length, axis) => {
          const x = a[a.length - out.length + axis] ?? 1;
          const y = b[b.length - out.length + axis] ?? 1;
          expect(length).toBe(x === 1 ? y : x);
          expect(x === length || x === 1).toBe(true);
          expect(y === length || y === 1).toBe(true);
        });
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('throws a ShapeError naming both shapes when an axis conflicts (property)', () => {
    // Lengths of at least 2, and one axis where b's length is a's plus one: never broadcastable.
    const conflicting = fc
      .tuple(fc.array(fc.integer({ min: 2, max: 4 }), { minLength: 1, maxLength: 4 }), fc.nat())
      .map(([a, pick]) => {
        const axis = pick % a.length;
        return [a, a.map((length, k) => (k === axis ? length + 1 : length))] as const;
      });
    fc.assert(
      fc.property(conflicting, ([a, b]) => {
        let error: unknown;
        try {
          broadcastShapes(a, b, 'add');
        } catch (caught) {
          error = caught;
        }
        expect(ShapeError.isInstance(error)).toBe(true);
        const message = (error as Error).message;
        expect(message).toContain(`add: shapes ${formatShape(a)} and ${formatShape(b)}`);
        expect(message).toContain('cannot be broadcast');
      }),
      { seed: 7, numRuns: 100 },
    );
  });

  it('names the conflicting axis and lengths', () => {
    expect(() => broadcastShapes([2, 3], [4])).toThrow(
      'broadcastShapes: shapes [2, 3] and [4] cannot be broadcast together (axis -1: 3 vs 4;',
    );
  });
});

describe('dtypes', () => {
  it('lists int32 < float32 < float64 and promotes to the wider one', () => {
    expect(dtypes).toEqual(['int32', 'float32', 'float64']);
    const table: [DType, DType, DType][] = [
      ['int32', 'int32', 'int32'],
      ['int32', 'float32', 'float32'],
      ['float32', 'int32', 'float32'],
      ['float32', 'float64', 'float64'],
      ['float64', 'int32', 'float64'],
      ['float64', 'float64', 'float64'],
    ];
    for (const [a, b, expected] of table) expect(promoteDTypes(a, b)).toBe(expected);
  });

  it('knows which dtypes are floats', () => {
    expect(dtypes.map(isFloatDType)).toEqual([false, true, true]);
  });
});

describe('shape helpers', () => {
  it('computes sizes and row-major strides', () => {
    expect(sizeOf([])).toBe(1);
    expect(sizeOf([2, 0, 3])).toBe(0);
    expect(stridesOf([2, 3, 4])).toEqual([12, 4, 1]);
    expect(stridesOf([])).toEqual([]);
  });

  it('gives broadcast axes stride 0', () => {
    expect(broadcastStrides([3, 1], [2, 3, 4])).toEqual([0, 1, 0]);
  });

  it('resolves negative axes and rejects out-of-range ones with the valid range', () => {
    expect(normalizeAxis(-1, 3, 'sum')).toBe(2);
    expect(normalizeAxis(0, 0, 'sum')).toBe(0);
    expect(() => normalizeAxis(3, 3, 'sum')).toThrow(
      'sum: axis must be an integer in [-3, 2] for a tensor of rank 3, got 3.',
    );
    expect(() => normalizeAxis(0.5, 3, 'sum')).toThrow('got 0.5');
    expect(normalizeAxes([-1, 0], 3, 'sum')).toEqual([0, 2]);
    expect(normalizeAxes(undefined, 2, 'sum')).toEqual([0, 1]);
    expect(() => normalizeAxes([1, -1], 2, 'sum')).toThrow(
      'sum: axis must not repeat an axis, got [1, -1].',
    );
  });
});
