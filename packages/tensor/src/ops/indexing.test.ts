import { describe, expect, it } from 'vitest';
import {
  arange,
  ArgumentError,
  broadcastTo,
  DTypeError,
  gather,
  indexAdd,
  indexSelect,
  oneHot,
  scatterAdd,
  ShapeError,
  tensor,
  zeros,
} from '../index';

const x = tensor([
  [1, 2, 3],
  [4, 5, 6],
]);

describe('gather', () => {
  it('picks along axis 1: out[i][j] = x[i][index[i][j]]', () => {
    const out = gather(x, 1, [
      [0, 0],
      [2, 1],
    ]);
    expect(out.toArray()).toEqual([
      [1, 1],
      [6, 5],
    ]);
    expect(out.dtype).toBe('float32');
  });

  it('picks along axis 0 with an index shorter than x on other axes', () => {
    expect(gather(x, 0, [[1, 0]]).toArray()).toEqual([[4, 2]]);
    expect(gather(x, -2, [[1], [1], [0]]).toArray()).toEqual([[4], [4], [1]]);
    expect(x.gather(1, tensor([[2], [0]], { dtype: 'int32' })).toArray()).toEqual([[3], [4]]);
  });

  it('rejects out-of-range indices, naming the value and the range', () => {
    expect(() => gather(x, 1, [[3], [0]])).toThrow(
      'gather: index must hold indices in [0, 2] for axis 1 of length 3, got 3.',
    );
    expect(() => gather(x, 0, [[-1]])).toThrow(ArgumentError);
    expect(() => gather(x, 0, [[-1]])).toThrow('got -1.');
  });

  it('rejects float index tensors and index shapes that do not fit', () => {
    expect(() => gather(x, 0, tensor([[0]]))).toThrow(DTypeError);
    expect(() => gather(x, 0, [0, 1])).toThrow(
      "gather: index must have x's rank 2 and be no longer than x on axes other than 0, got index [2] for x [2, 3].",
    );
    expect(() => gather(x, 0, [[0, 0, 0, 0]])).toThrow(ShapeError);
  });
});

describe('indexSelect', () => {
  it('selects whole rows or columns, repeats allowed', () => {
    expect(indexSelect(x, 0, [1, 1, 0]).toArray()).toEqual([
      [4, 5, 6],
      [4, 5, 6],
      [1, 2, 3],
    ]);
    expect(indexSelect(x, 1, [2, 0]).toArray()).toEqual([
      [3, 1],
      [6, 4],
    ]);
    expect(x.indexSelect(-1, [1]).shape).toEqual([2, 1]);
    expect(indexSelect(x, 0, []).shape).toEqual([0, 3]);
  });

  it('works as an embedding lookup on int32 tables', () => {
    const table = tensor(
      [
        [10, 11],
        [20, 21],
        [30, 31],
      ],
      { dtype: 'int32' },
    );
    const out = indexSelect(table, 0, [2, 0]);
    expect([out.dtype, out.toArray()]).toEqual([
      'int32',
      [
        [30, 31],
        [10, 11],
      ],
    ]);
  });

  it('rejects out-of-range and non-1-D indices', () => {
    expect(() => indexSelect(x, 0, [2])).toThrow(
      'indexSelect: indices must hold indices in [0, 1] for axis 0 of length 2, got 2.',
    );
    expect(() => indexSelect(x, 0, [[0]])).toThrow(
      'indexSelect: indices must be 1-D, got shape [1, 1].',
    );
  });
});

describe('scatterAdd', () => {
  it('accumulates repeated indices', () => {
    const out = scatterAdd(zeros([5]), 0, [0, 1, 1, 4, 1], [1, 2, 3, 4, 5]);
    expect(out.toArray()).toEqual([1, 10, 0, 0, 4]);
  });

  it('adds onto a copy of x along axis 0 (PyTorch example) and leaves x unchanged', () => {
    const base = tensor([
      [1, 1, 1],
      [1, 1, 1],
    ]);
    const out = scatterAdd(
      base,
      0,
      [
        [0, 1, 0],
        [1, 0, 0],
      ],
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
    );
    expect(out.toArray()).toEqual([
      [2, 6, 10],
      [5, 3, 1],
    ]);
    expect(base.toArray()).toEqual([
      [1, 1, 1],
      [1, 1, 1],
    ]);
  });

  it('reads a larger source at the index positions and casts it to x’s dtype', () => {
    const out = scatterAdd(
      zeros([2, 2], { dtype: 'float64' }),
      1,
      [[1], [1]],
      [
        [0.5, 9],
        [1.5, 9],
      ],
    );
    expect([out.dtype, out.toArray()]).toEqual([
      'float64',
      [
        [0, 0.5],
        [0, 1.5],
      ],
    ]);
  });

  it('rejects out-of-range indices and a source shorter than the index', () => {
    expect(() => scatterAdd(zeros([3]), 0, [3], [1])).toThrow(
      'scatterAdd: index must hold indices in [0, 2] for axis 0 of length 3, got 3.',
    );
    expect(() => scatterAdd(zeros([3]), 0, [0, 1], [1])).toThrow(
      'scatterAdd: source must be at least as long as index on every axis, got source [1] and index [2].',
    );
  });
});

describe('oneHot', () => {
  it('puts a 1 at each index along a new last axis', () => {
    const out = oneHot([0, 2, 1], 3);
    expect([out.dtype, out.toArray()]).toEqual([
      'int32',
      [
        [1, 0, 0],
        [0, 0, 1],
        [0, 1, 0],
      ],
    ]);
    expect(oneHot([[1], [0]], 2).shape).toEqual([2, 1, 2]);
    expect(oneHot(1, 2).toArray()).toEqual([0, 1]);
  });

  it('follows the dtype option', () => {
    const out = oneHot([1], 2, { dtype: 'float32' });
    expect([out.dtype, out.toArray()]).toEqual(['float32', [[0, 1]]]);
  });

  it('rejects indices outside [0, numClasses) and a bad numClasses', () => {
    expect(() => oneHot([0, 3], 3)).toThrow('oneHot: indices must be in [0, 2], got 3.');
    expect(() => oneHot([-1], 3)).toThrow('got -1.');
    expect(() => oneHot([0], 0)).toThrow('oneHot: numClasses must be a positive integer, got 0.');
  });
});

describe('indexAdd', () => {
  it('adds slices of source at the listed positions, repeats accumulating', () => {
    const out = indexAdd(
      zeros([3, 2]),
      0,
      tensor([2, 0, 2], { dtype: 'int32' }),
      tensor([
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
    );
    expect(out.toArray()).toEqual([
      [3, 4],
      [0, 0],
      [6, 8],
    ]);
  });

  it('works along a middle axis and matches scatterAdd with an expanded index', () => {
    const x = arange(24).reshape([2, 4, 3]);
    const indices = tensor([3, 1, 3], { dtype: 'int32' });
    const source = arange(18).reshape([2, 3, 3]);
    const expanded = broadcastTo(indices.reshape([1, 3, 1]), [2, 3, 3]);
    expect(indexAdd(x, 1, indices, source)).toBeAllClose(scatterAdd(x, 1, expanded, source));
  });

  it('names a wrong source shape and an out-of-range index', () => {
    const indices = tensor([0, 1], { dtype: 'int32' });
    expect(() => indexAdd(zeros([3, 2]), 0, indices, zeros([3, 2]))).toThrow(
      'indexAdd: source must have shape [2, 2], got [3, 2].',
    );
    expect(() =>
      indexAdd(zeros([3, 2]), 0, tensor([3], { dtype: 'int32' }), zeros([1, 2])),
    ).toThrow(/indexAdd/);
  });
});
