// Comparisons, where, clamp, maximum/minimum, softplus, cast and clone.
import { describe, expect, it } from 'vitest';
import {
  cast,
  clamp,
  clone,
  DTypeError,
  equal,
  greater,
  greaterEqual,
  less,
  lessEqual,
  maximum,
  minimum,
  notEqual,
  ShapeError,
  softplus,
  tensor,
  where,
  type DType,
} from '../index';

describe('comparisons', () => {
  const a = tensor([1, 2, 3, NaN]);
  const b = tensor([3, 2, 1, NaN]);

  it.each([
    ['equal', equal, [0, 1, 0, 0]],
    ['notEqual', notEqual, [1, 0, 1, 1]],
    ['less', less, [1, 0, 0, 0]],
    ['lessEqual', lessEqual, [1, 1, 0, 0]],
    ['greater', greater, [0, 0, 1, 0]],
    ['greaterEqual', greaterEqual, [0, 1, 1, 0]],
  ] as const)('%s returns int32 0/1', (_, op, expected) => {
    const out = op(a, b);
    expect(out.dtype).toBe('int32');
    expect(out.toArray()).toEqual(expected);
  });

  it('broadcast against a number', () => {
    expect(greater(tensor([[1, 5]], { dtype: 'float64' }), 2).toArray()).toEqual([[0, 1]]);
    expect(less(1.5, tensor([1, 2], { dtype: 'int32' })).toArray()).toEqual([0, 1]);
  });
});

describe('where', () => {
  it('picks a where the condition is non-zero, else b', () => {
    expect(where(tensor([1, 0, 1]), tensor([1, 2, 3]), tensor([10, 20, 30])).toArray()).toEqual([
      1, 20, 3,
    ]);
    expect(where(tensor([0.5, 0]), 1, 2).toArray()).toEqual([1, 2]);
  });

  it('broadcasts all three operands and promotes a and b', () => {
    const x = tensor(
      [
        [-1, 2],
        [3, -4],
      ],
      { dtype: 'int32' },
    );
    const out = where(less(x, 0), 0.5, x);
    expect(out.dtype).toBe('float32');
    expect(out.toArray()).toEqual([
      [0.5, 2],
      [3, 0.5],
    ]);
    expect(where(tensor([[1], [0]]), tensor([1, 2]), tensor(9)).toArray()).toEqual([
      [1, 2],
      [9, 9],
    ]);
    expect(() => where(tensor([1, 0, 1]), tensor([1, 2]), 0)).toThrow(ShapeError);
  });
});

describe('clamp', () => {
  const x = tensor([-2, -0.5, 0.5, 2, NaN]);

  it('limits to both bounds, or one', () => {
    expect(clamp(x, -1, 1).toArray()).toEqual([-1, -0.5, 0.5, 1, NaN]);
    expect(clamp(x, 0).toArray()).toEqual([0, 0, 0.5, 2, NaN]);
    expect(clamp(x, undefined, 0).toArray()).toEqual([-2, -0.5, 0, 0, NaN]);
    expect(clamp(x).toArray()).toEqual([-2, -0.5, 0.5, 2, NaN]);
  });

  it('keeps the dtype of an int32 tensor for integer bounds', () => {
    const out = clamp(tensor([-5, 0, 5], { dtype: 'int32' }), -1, 1);
    expect([out.dtype, out.toArray()]).toEqual(['int32', [-1, 0, 1]]);
  });
});

describe('softplus', () => {
  it('equals log(1 + e^x) for moderate x and stays finite for large |x|', () => {
    const values = [-5, -1, 0, 1, 5];
    expect(softplus(tensor(values, { dtype: 'float64' }))).toBeAllClose(
      values.map((v) => Math.log1p(Math.exp(v))),
      { atol: 0, rtol: 1e-14 },
    );
    expect(softplus(tensor([1000, -1000, 50])).toArray()).toEqual([1000, 0, 50]);
  });
});

describe('maximum and minimum', () => {
  it('take the larger or smaller value and propagate NaN from either side', () => {
    const a = tensor([1, 5, NaN, 2]);
    const b = tensor([3, 4, 0, NaN]);
    expect(maximum(a, b).toArray()).toEqual([3, 5, NaN, NaN]);
    expect(minimum(a, b).toArray()).toEqual([1, 4, NaN, NaN]);
    expect(maximum(tensor([[1], [5]]), tensor([2, 3])).toArray()).toEqual([
      [2, 3],
      [5, 5],
    ]);
  });
});

describe('cast, clone and chained methods', () => {
  it('truncates toward zero when casting to int32', () => {
    expect(cast(tensor([1.7, -1.7, 2.5, -0.5, 3]), 'int32').toArray()).toEqual([1, -1, 2, 0, 3]);
  });

  it('converts between dtypes and returns the input itself for its own dtype', () => {
    const x = tensor([1, 2], { dtype: 'int32' });
    const y = cast(x, 'float64');
    expect([y.dtype, y.toArray()]).toEqual(['float64', [1, 2]]);
    expect(cast(x, 'int32')).toBe(x);
    expect(cast(tensor([0.1], { dtype: 'float64' }), 'float32').item()).toBe(Math.fround(0.1));
    expect(() => cast(x, 'bool' as DType)).toThrow(DTypeError);
  });

  it('clone gives a new tensor with the same values', () => {
    const x = tensor([1, 2]);
    const y = clone(x);
    expect(y).not.toBe(x);
    expect([y.shape, y.dtype, y.toArray()]).toEqual([[2], 'float32', [1, 2]]);
  });

  it('methods forward to the free functions', () => {
    const x = tensor([1, 4]);
    expect(x.add(1).mul(2).sub(1).div(3).toArray()).toEqual([1, 3]);
    expect(x.sqrt().neg().abs().toArray()).toEqual([1, 2]);
    expect(x.pow(0.5).maximum(1.5).minimum(1.8).toArray()).toEqual([1.5, Math.fround(1.8)]);
    expect(x.clamp(2, 3).greaterEqual(3).toArray()).toEqual([0, 1]);
  });
});
