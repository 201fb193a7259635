// slice, select, index, and joining and splitting (concat, stack, split, chunk).
import { offsetOf, positions, sizeOf } from '@unroll/test-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  arange,
  chunk,
  concat,
  DTypeError,
  index,
  reshape,
  select,
  slice,
  split,
  stack,
  tensor,
  type SliceRange,
  type Tensor,
} from '../index';

/** A float64 tensor of `shape` holding 0, 1, 2, … so every position is distinguishable. */
const iota = (shape: readonly number[]): Tensor =>
  reshape(arange(0, sizeOf(shape), 1, { dtype: 'float64' }), shape);

describe('slice', () => {
  /** Python's indices for `start:stop:step` (step > 0) on an axis of `length`. */
  function naiveIndices(length: number, [start, stop, step = 1]: SliceRange): number[] {
    const resolve = (v: number | null | undefined, fallback: number): number => {
      if (v === null || v === undefined) return fallback;
      if (v < 0) return Math.max(v + length, 0);
      return Math.min(v, length);
    };
    const out: number[] = [];
    for (let k = resolve(start, 0); k < resolve(stop, length); k += step) out.push(k);
    return out;
  }

  it('matches a naive Python-semantics slice (property)', () => {
    const bound = fc.option(fc.integer({ min: -7, max: 7 }), { nil: null });
    const range = fc.tuple(bound, bound, fc.integer({ min: 1, max: 3 }));
    const input = fc
      .array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 3 })
      .chain((shape) =>
        fc.tuple(fc.constant(shape), fc.array(range, { minLength: 0, maxLength: shape.length })),
      );
    fc.assert(
      fc.property(input, ([shape, ranges]) => {
        const x = iota(shape);
        const out = slice(x, ranges);
        const picks = shape.map((n, axis) => naiveIndices(n, ranges[axis] ?? [null, null, 1]));
        expect(out.shape).toEqual(picks.map((p) => p.length));
        const expected = positions(out.shape).map((q) =>
          offsetOf(
            shape,
            q.map((k, axis) => picks[axis]?.[k] ?? -1),
          ),
        );
        expect(Array.from(out.data())).toEqual(expected);
      }),
      { seed: 9, numRuns: 200 },
    );
  });

  it('handles steps, negative indices and null entries', () => {
    expect(slice(arange(10), [[1, -1, 3]]).toArray()).toEqual([1, 4, 7]);
    expect(slice(arange(10), [[-3]]).toArray()).toEqual([7, 8, 9]);
    expect(slice(arange(5), [[null, null, 2]]).toArray()).toEqual([0, 2, 4]);
    expect(slice(arange(5), [[4, 1]]).shape).toEqual([0]);
    expect(slice(iota([2, 4]), [null, [0, null, 2]]).toArray()).toEqual([
      [0, 2],
      [4, 6],
    ]);
  });

  it('rejects a non-positive step and too many ranges', () => {
    expect(() => slice(arange(5), [[0, 5, 0]])).toThrow(
      'slice: step must be a positive integer, got 0 on axis 0.',
    );
    expect(() => slice(arange(5), [null, null])).toThrow(
      'slice: ranges must have at most 1 entries for x [5], got 2.',
    );
  });
});

describe('select and index', () => {
  const x = iota([3, 4]);

  it('select drops the axis and counts negative indices from the end', () => {
    expect(select(x, 0, -1).toArray()).toEqual([8, 9, 10, 11]);
    expect(select(x, 1, 2).toArray()).toEqual([2, 6, 10]);
    expect(select(tensor([7, 8]), 0, 1).toArray()).toBe(8);
    expect(() => select(x, 1, -5)).toThrow('in [-4, 3] for axis 1 of x [3, 4], got -5.');
  });

  it('index mixes numbers, ranges and null like NumPy basic indexing', () => {
    expect(index(x, 1, [null, null, 2]).toArray()).toEqual([4, 6]);
    expect(index(x, null, 0).toArray()).toEqual([0, 4, 8]);
    expect(index(x, -1, -1).toArray()).toBe(11);
    expect(x.index([1, 3], [2]).toArray()).toEqual([
      [6, 7],
      [10, 11],
    ]);
    expect(() => index(x, 0, 0, 0)).toThrow('index: at most 2 entries for x [3, 4], got 3.');
  });
});

describe('concat and stack', () => {
  const a = tensor([[1, 2]]);
  const b = tensor([
    [3, 4],
    [5, 6],
  ]);

  it('concat joins along an existing axis', () => {
    expect(concat([a, b]).toArray()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(concat([b, b], -1).toArray()).toEqual([
      [3, 4, 3, 4],
      [5, 6, 5, 6],
    ]);
    expect(concat([a])).toBe(a);
    expect(concat([[1], [2, 3]]).toArray()).toEqual([1, 2, 3]);
  });

  it('concat names both shapes on a mismatch and rejects mixed dtypes and empty lists', () => {
    expect(() => concat([a, b], 1)).toThrow(
      'concat: tensors[1] must match tensors[0] [1, 2] on every axis but 1, got [2, 2].',
    );
    expect(() => concat([a, tensor([[1, 2]], { dtype: 'int32' })])).toThrow(DTypeError);
    expect(() => concat([])).toThrow('concat: tensors must hold at least one tensor');
  });

  it('stack joins along a new axis', () => {
    const x = tensor([1, 2]);
    const y = tensor([3, 4]);
    expect(stack([x, y]).toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(stack([x, y], 1).toArray()).toEqual([
      [1, 3],
      [2, 4],
    ]);
    expect(stack([x, y], -1).shape).toEqual([2, 2]);
    expect(() => stack([x, tensor([1, 2, 3])])).toThrow(
      'stack: tensors[1] must have the shape of tensors[0] [2], got [3].',
    );
  });
});

describe('split and chunk', () => {
  const shapes = (pieces: Tensor[]): number[][] => pieces.map((p) => [...p.shape]);

  it('split by size leaves a short last piece', () => {
    const pieces = split(arange(5), 2);
    expect(pieces.map((p) => p.toArray())).toEqual([[0, 1], [2, 3], [4]]);
    expect(shapes(split(iota([2, 5]), 3, 1))).toEqual([
      [2, 3],
      [2, 2],
    ]);
  });

  it('split by a list of sizes, which must add up to the axis length', () => {
    expect(split(arange(5), [1, 0, 4]).map((p) => p.toArray())).toEqual([[0], [], [1, 2, 3, 4]]);
    expect(() => split(arange(5), [2, 2])).toThrow(
      'adding up to 5 (axis 0 of x [5]), got [2, 2] (total 4).',
    );
    expect(() => split(arange(5), 0)).toThrow('split: sizes must be a positive integer, got 0.');
  });

  it('chunk may return fewer pieces than asked, as in PyTorch', () => {
    expect(shapes(chunk(arange(6), 4))).toEqual([[2], [2], [2]]);
    expect(shapes(chunk(arange(5), 2))).toEqual([[3], [2]]);
    expect(chunk(arange(3), 1).map((p) => p.toArray())).toEqual([[0, 1, 2]]);
    expect(shapes(chunk(iota([2, 4]), 2, -1))).toEqual([
      [2, 2],
      [2, 2],
    ]);
    expect(() => chunk(arange(3), 0)).toThrow('chunk: chunks must be a positive integer, got 0.');
  });

  it('concat undoes split (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
        fc.nat(),
        fc.integer({ min: 1, max: 4 }),
        (shape, pick, size) => {
          const axis = pick % shape.length;
          const x = iota(shape);
          expect(concat(split(x, size, axis), axis).data()).toEqual(x.data());
        },
      ),
      { seed: 12, numRuns: 50 },
    );
  });
});
