import { describe, expect, it } from 'vitest';
import {
  arange,
  ArgumentError,
  DTypeError,
  eye,
  fromArray,
  full,
  fullLike,
  linspace,
  ones,
  onesLike,
  ShapeError,
  tensor,
  zeros,
  zerosLike,
  type DType,
} from '../index';

describe('tensor', () => {
  it('infers the shape of nested arrays and defaults to float32', () => {
    const x = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(x.shape).toEqual([2, 3]);
    expect(x.dtype).toBe('float32');
    expect(x.data()).toBeInstanceOf(Float32Array);
    expect(x.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it('makes a scalar from a number and int32 from booleans', () => {
    const s = tensor(2.5);
    expect([s.shape, s.dtype, s.item()]).toEqual([[], 'float32', 2.5]);
    const b = tensor(true);
    expect([b.shape, b.dtype, b.item()]).toEqual([[], 'int32', 1]);
    const mask = tensor([
      [true, false],
      [false, true],
    ]);
    expect(mask.dtype).toBe('int32');
    expect(mask.toArray()).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });

  it('takes the dtype of a typed array and copies its data', () => {
    const source = new Float64Array([0.1, 0.2]);
    const x = tensor(source);
    source[0] = 99;
    expect(x.dtype).toBe('float64');
    expect(x.toArray()).toEqual([0.1, 0.2]);
    expect(tensor(new Int32Array([3, -4])).dtype).toBe('int32');
    const nested = [new Float64Array([1, 2]), new Float64Array([3, 4])];
    const rows = tensor(nested as unknown as number[][]);
    expect([rows.shape, rows.dtype]).toEqual([[2, 2], 'float64']);
  });

  it('converts to the requested dtype (float → int32 truncates toward zero)', () => {
    expect(tensor([1.7, -1.7, 2], { dtype: 'int32' }).toArray()).toEqual([1, -1, 2]);
    const x = tensor([0.1], { dtype: 'float64' });
    expect(x.data()).toBeInstanceOf(Float64Array);
    expect(x.item()).toBe(0.1);
    expect(tensor([0.1]).item()).toBe(Math.fround(0.1));
    expect(tensor(new Float64Array([1.5]), { dtype: 'float32' }).dtype).toBe('float32');
  });

  it('copies a tensor, optionally converting its dtype', () => {
    const x = tensor([1.5, -2.5]);
    const copy = tensor(x, { dtype: 'float64' });
    expect(copy).not.toBe(x);
    expect([copy.dtype, copy.toArray()]).toEqual(['float64', [1.5, -2.5]]);
    expect(tensor(x, { dtype: 'int32' }).toArray()).toEqual([1, -2]);
  });

  it('handles empty arrays', () => {
    expect(tensor([]).shape).toEqual([0]);
    expect(tensor([[]]).shape).toEqual([1, 0]);
    expect(tensor([[], []]).toArray()).toEqual([[], []]);
  });

  it('rejects non-rectangular input with a ShapeError naming the position and lengths', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => tensor([[1, 2], [3]])).toThrow(
      'tensor: data must be rectangular: expected length 2 at [1] (from shape [2, 2]), got length 1.',
    );
    expect(() => tensor([[1, 2], 3])).toThrow('got number');
    expect(() => tensor([1, [2]])).toThrow(
      'tensor: data must hold only numbers, got an array at [1].',
    );
  });

  it('rejects values that are not numbers and unknown dtypes', () => {
    expect(() => tensor('3' as unknown as number)).toThrow(ArgumentError);
    expect(() => tensor(['a'] as unknown as number[])).toThrow('got string at [0]');
    expect(() => tensor([1], { dtype: 'int64' as DType })).toThrow(DTypeError);
    expect(() => tensor([1], { dtype: 'int64' as DType })).toThrow('got "int64"');
  });
});

describe('fromArray', () => {
  it('wraps a typed array without copying, its dtype from the array', () => {
    const values = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const x = fromArray(values, [2, 3]);
    expect(x.shape).toEqual([2, 3]);
    expect(x.dtype).toBe('float32');
    expect(x.info().data).toBe(values);
    expect(x.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(fromArray(Int32Array.from([7, 8])).shape).toEqual([2]);
    expect(fromArray(new Float64Array(0), [0, 3]).dtype).toBe('float64');
  });

  it('rejects a shape that does not match the values, and values that are not typed arrays', () => {
    const mismatch = () => fromArray(new Float32Array(6), [4, 2]);
    expect(mismatch).toThrow(ShapeError);
    expect(mismatch).toThrow('fromArray: shape [4, 2] has 8 elements but values has 6.');
    expect(() => fromArray(new Float32Array(2), [2.5])).toThrow(ShapeError);
    const array = () => fromArray([1, 2] as unknown as Float32Array);
    expect(array).toThrow(ArgumentError);
    expect(array).toThrow(
      'fromArray: values must be a Float32Array, Float64Array or Int32Array, got Array.',
    );
  });
});

describe('zeros, ones, full', () => {
  it('fill a shape with a value in the requested dtype', () => {
    expect(zeros([2, 2]).toArray()).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(ones([3], { dtype: 'int32' }).data()).toEqual(new Int32Array([1, 1, 1]));
    expect(full([2], 0.1, { dtype: 'float64' }).toArray()).toEqual([0.1, 0.1]);
    expect(full([2], 2.9, { dtype: 'int32' }).toArray()).toEqual([2, 2]);
    expect(full([], 7).toArray()).toBe(7);
    expect(zeros([0, 3]).size).toBe(0);
  });

  it('reject bad shapes and dtypes', () => {
    expect(() => zeros([2, -1])).toThrow(
      'zeros: shape must be an array of non-negative integers, got [2,-1].',
    );
    expect(() => ones([1.5])).toThrow(ArgumentError);
    expect(() => full([2], 1, { dtype: 'bool' as DType })).toThrow(DTypeError);
  });

  it('*Like take the shape and dtype of their argument unless told otherwise', () => {
    const like = tensor([[1, 2, 3]], { dtype: 'float64' });
    const z = zerosLike(like);
    expect([z.shape, z.dtype, z.toArray()]).toEqual([[1, 3], 'float64', [[0, 0, 0]]]);
    const o = onesLike(like, { dtype: 'int32' });
    expect([o.dtype, o.toArray()]).toEqual(['int32', [[1, 1, 1]]]);
    const f = fullLike(like, -2);
    expect([f.dtype, f.toArray()]).toEqual(['float64', [[-2, -2, -2]]]);
  });
});

describe('arange', () => {
  it('is int32 for integer arguments', () => {
    const x = arange(5);
    expect([x.dtype, x.toArray()]).toEqual(['int32', [0, 1, 2, 3, 4]]);
    expect(arange(2, 5).toArray()).toEqual([2, 3, 4]);
    expect(arange(5, 0, -2).toArray()).toEqual([5, 3, 1]);
    expect(arange(0, 0).shape).toEqual([0]);
    expect(arange(3, 1).shape).toEqual([0]);
  });

  it('is float32 when any argument is fractional', () => {
    const x = arange(0, 1, 0.25);
    expect([x.dtype, x.toArray()]).toEqual(['float32', [0, 0.25, 0.5, 0.75]]);
    expect(arange(0.5, 3).toArray()).toEqual([0.5, 1.5, 2.5]);
    expect(arange(1, 0, -0.5).toArray()).toEqual([1, 0.5]);
  });

  it('follows the dtype option', () => {
    const x = arange(0, 3, 1, { dtype: 'float64' });
    expect([x.dtype, x.toArray()]).toEqual(['float64', [0, 1, 2]]);
  });

  it('rejects a zero or non-finite step, naming the values', () => {
    expect(() => arange(0, 5, 0)).toThrow(
      'arange: start, stop and step must be finite and step non-zero, got start 0, stop 5, step 0.',
    );
    expect(() => arange(Infinity)).toThrow(ArgumentError);
  });
});

describe('linspace', () => {
  it('spaces values evenly with both ends included', () => {
    const x = linspace(0, 1, 5);
    expect([x.dtype, x.toArray()]).toEqual(['float32', [0, 0.25, 0.5, 0.75, 1]]);
    expect(linspace(2, -2, 3).toArray()).toEqual([2, 0, -2]);
  });

  it('ends exactly on stop even where start + k·step would not', () => {
    const stop = 1 / 7;
    const x = linspace(0.7, stop, 3, { dtype: 'float64' });
    expect(x.data()[2]).toBe(stop);
    expect(0.7 + 2 * ((stop - 0.7) / 2)).not.toBe(stop); // the naive formula misses
    expect(x).toBeAllClose([0.7, (0.7 + stop) / 2, stop], { atol: 0, rtol: 1e-15 });
    expect(linspace(0, 0.7, 8).data()[7]).toBe(Math.fround(0.7));
  });

  it('gives [start] for one step and an empty tensor for zero', () => {
    expect(linspace(3, 10, 1).toArray()).toEqual([3]);
    expect(linspace(0, 1, 0).shape).toEqual([0]);
    expect(() => linspace(0, 1, 2.5)).toThrow(
      'linspace: steps must be a non-negative integer, got 2.5.',
    );
  });
});

describe('eye', () => {
  it('puts ones on the diagonal of a square or rectangular matrix', () => {
    expect(eye(3).toArray()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expect(eye(2, 3, { dtype: 'int32' }).toArray()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
    ]);
    expect(eye(3, 2).toArray()).toEqual([
      [1, 0],
      [0, 1],
      [0, 0],
    ]);
    expect(() => eye(-1)).toThrow(ArgumentError);
  });
});

describe('requiresGrad option', () => {
  it('marks float tensors as leaves that require grad', () => {
    for (const x of [
      tensor([1, 2], { requiresGrad: true }),
      zeros([2], { requiresGrad: true }),
      ones([2], { dtype: 'float64', requiresGrad: true }),
      full([2], 3, { requiresGrad: true }),
      linspace(0, 1, 3, { requiresGrad: true }),
      eye(2, 2, { requiresGrad: true }),
      arange(0, 1, 0.5, { requiresGrad: true }),
    ]) {
      expect(x.requiresGrad).toBe(true);
      expect(x.isLeaf).toBe(true);
    }
    expect(zeros([2]).requiresGrad).toBe(false);
  });

  it('is refused for int32 tensors', () => {
    expect(() => ones([2], { dtype: 'int32', requiresGrad: true })).toThrow(DTypeError);
    expect(() => arange(3, undefined, 1, { requiresGrad: true })).toThrow('got dtype int32');
  });
});
