import { offsetOf, positions, sizeOf } from '@unroll/test-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  arange,
  ArgumentError,
  broadcastTo,
  expand,
  flip,
  pad,
  permute,
  reshape,
  ShapeError,
  squeeze,
  tensor,
  transpose,
  unsqueeze,
  type Tensor,
} from '../index';

/** A float64 tensor of `shape` holding 0, 1, 2, … so every position is distinguishable. */
const iota = (shape: readonly number[]): Tensor =>
  reshape(arange(0, sizeOf(shape), 1, { dtype: 'float64' }), shape);

const smallShape = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 0, maxLength: 4 });

describe('reshape', () => {
  it('keeps row-major order and infers one -1', () => {
    const x = arange(6);
    expect(reshape(x, [2, 3]).toArray()).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    expect(reshape(x, [3, -1]).shape).toEqual([3, 2]);
    expect(reshape(x, [-1]).shape).toEqual([6]);
    expect(reshape(tensor([5]), []).toArray()).toBe(5);
    expect(x.reshape([2, 3]).flatten().toArray()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('rejects a size mismatch, two -1 and an ambiguous -1', () => {
    expect(() => reshape(arange(6), [4, -1])).toThrow(
      'reshape: shape [4, -1] is invalid for x of shape [6] (6 elements).',
    );
    expect(() => reshape(arange(6), [-1, -1])).toThrow(ArgumentError);
    expect(() => reshape(arange(6), [2, -2])).toThrow('at most one -1, got [2, -2]');
    expect(() => reshape(tensor([[], []]), [0, -1])).toThrow(ShapeError);
  });

  it('round-trips through a flat shape (property)', () => {
    fc.assert(
      fc.property(smallShape, smallShape, (shape, other) => {
        const x = iota(shape);
        const flat = reshape(x, [-1]);
        expect(flat.shape).toEqual([sizeOf(shape)]);
        expect(reshape(flat, shape).toArray()).toEqual(x.toArray());
        // Through any other shape of the same size.
        const target = sizeOf(other) === x.size ? other : [x.size];
        expect(reshape(reshape(x, target), shape).data()).toEqual(x.data());
      }),
      { seed: 3, numRuns: 100 },
    );
  });
});

describe('permute and transpose', () => {
  const withPerm = smallShape.chain((shape) =>
    fc.tuple(
      fc.constant(shape),
      fc.shuffledSubarray([...shape.keys()], { minLength: shape.length }),
    ),
  );

  it('permute moves each element to the permuted position (property)', () => {
    fc.assert(
      fc.property(withPerm, ([shape, perm]) => {
        const x = iota(shape);
        const out = permute(x, perm);
        expect(out.shape).toEqual(perm.map((axis) => shape[axis]));
        const values = out.data();
        for (const p of positions(shape)) {
          const q = perm.map((axis) => p[axis] ?? 0);
          expect(values[offsetOf(out.shape, q)]).toBe(offsetOf(shape, p));
        }
      }),
      { seed: 5, numRuns: 100 },
    );
  });

  it('permute then the inverse permutation gives back the original (property)', () => {
    fc.assert(
      fc.property(withPerm, ([shape, perm]) => {
        const x = iota(shape);
        const inverse = perm.map((_, k) => perm.indexOf(k));
        const back = permute(permute(x, perm), inverse);
        expect(back.shape).toEqual(shape);
        expect(back.data()).toEqual(x.data());
      }),
      { seed: 6, numRuns: 100 },
    );
  });

  it('transpose swaps the last two axes by default and is its own inverse', () => {
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(transpose(x).toArray()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    const y = iota([2, 3, 4]);
    expect(transpose(y, 0, 2).shape).toEqual([4, 3, 2]);
    expect(transpose(transpose(y, 0, -1), 0, -1).data()).toEqual(y.data());
    expect(transpose(tensor([1, 2]))).toBeAllClose([1, 2]);
  });

  it('rejects axes that are not a permutation', () => {
    expect(() => permute(iota([2, 3]), [0])).toThrow(
      'permute: axes must list all 2 axes of x [2, 3], got [0].',
    );
    expect(() => permute(iota([2, 3]), [1, -1])).toThrow('must not repeat an axis, got [1, -1]');
    expect(() => transpose(iota([2, 3]), 0, 2)).toThrow(ArgumentError);
  });
});

describe('squeeze and unsqueeze', () => {
  it('squeeze removes all length-1 axes or only the listed ones', () => {
    const x = iota([1, 3, 1]);
    expect(squeeze(x).shape).toEqual([3]);
    expect(squeeze(x, 0).shape).toEqual([3, 1]);
    expect(squeeze(x, [0, -1]).shape).toEqual([3]);
    expect(squeeze(x, 1).shape).toEqual([1, 3, 1]);
    expect(squeeze(x).toArray()).toEqual([0, 1, 2]);
  });

  it('unsqueeze inserts a length-1 axis anywhere in [-rank-1, rank]', () => {
    const x = iota([2, 3]);
    expect(unsqueeze(x, 0).shape).toEqual([1, 2, 3]);
    expect(unsqueeze(x, 2).shape).toEqual([2, 3, 1]);
    expect(unsqueeze(x, -1).shape).toEqual([2, 3, 1]);
    expect(unsqueeze(x, -3).shape).toEqual([1, 2, 3]);
    expect(unsqueeze(tensor(4), 0).toArray()).toEqual([4]);
    expect(() => unsqueeze(x, 3)).toThrow('in [-3, 2]');
  });
});

describe('broadcastTo and expand', () => {
  it('copy values along broadcast axes', () => {
    expect(broadcastTo(tensor([1, 2, 3]), [2, 3]).toArray()).toEqual([
      [1, 2, 3],
      [1, 2, 3],
    ]);
    expect(expand(tensor([[1], [2]]), [-1, 3]).toArray()).toEqual([
      [1, 1, 1],
      [2, 2, 2],
    ]);
    expect(expand(tensor([[1], [2]]), [2, 2, -1]).shape).toEqual([2, 2, 1]);
    const same = tensor([1, 2]);
    expect(broadcastTo(same, [2])).toBe(same);
  });

  it('throw a ShapeError naming both shapes', () => {
    expect(() => broadcastTo(iota([2, 3]), [3, 3])).toThrow('[2, 3] and [3, 3]');
    expect(() => broadcastTo(iota([2, 3]), [3])).toThrow(
      'broadcastTo: x of shape [2, 3] cannot be broadcast to [3].',
    );
    expect(() => broadcastTo(iota([3, 1]), [1, 3])).toThrow(ShapeError);
  });
});

describe('flip and pad', () => {
  it('flip reverses the listed axes', () => {
    const x = iota([2, 3]);
    expect(flip(arange(4), 0).toArray()).toEqual([3, 2, 1, 0]);
    expect(flip(x, 0).toArray()).toEqual([
      [3, 4, 5],
      [0, 1, 2],
    ]);
    expect(flip(x, [0, -1]).toArray()).toEqual([
      [5, 4, 3],
      [2, 1, 0],
    ]);
  });

  it('pad adds [before, after] per axis with a fill value', () => {
    const x = tensor([
      [1, 2],
      [3, 4],
    ]);
    expect(
      pad(
        x,
        [
          [1, 0],
          [0, 2],
        ],
        -1,
      ).toArray(),
    ).toEqual([
      [-1, -1, -1, -1],
      [1, 2, -1, -1],
      [3, 4, -1, -1],
    ]);
    expect(pad(tensor([5]), [[1, 1]]).toArray()).toEqual([0, 5, 0]);
    expect(() => pad(x, [[1, 1]])).toThrow('(2 pairs), got [[1,1]]');
    expect(() =>
      pad(x, [
        [1, -1],
        [0, 0],
      ]),
    ).toThrow(ArgumentError);
  });
});
