import fc from 'fast-check';
import { testRandom } from '@unroll/test-utils';
import { describe, expect, it } from 'vitest';
import {
  argmax,
  argmin,
  ArgumentError,
  logSoftmax,
  logsumexp,
  max,
  mean,
  min,
  norm,
  reshape,
  ShapeError,
  softmax,
  sum,
  sumTo,
  tensor,
  variance,
} from '../index';

const x = tensor([
  [1, 2, 3],
  [4, 5, 6],
]);

describe('sum, mean, max, min', () => {
  it.each([
    ['sum', sum, 21, [5, 7, 9], [6, 15]],
    ['mean', mean, 3.5, [2.5, 3.5, 4.5], [2, 5]],
    ['max', max, 6, [4, 5, 6], [3, 6]],
    ['min', min, 1, [1, 2, 3], [1, 4]],
  ] as const)('%s over all, one and negative axes', (_, op, all, axis0, axis1) => {
    expect(op(x).toArray()).toBe(all);
    expect(op(x).shape).toEqual([]);
    expect(op(x, 0).toArray()).toEqual(axis0);
    expect(op(x, 1).toArray()).toEqual(axis1);
    expect(op(x, -1).toArray()).toEqual(axis1);
    expect(op(x, [0, 1]).toArray()).toBe(all);
    expect(op(x, [-1, 0]).toArray()).toBe(all);
  });

  it('keepdims keeps reduced axes as length 1', () => {
    expect(sum(x, 1, true).toArray()).toEqual([[6], [15]]);
    expect(mean(x, 0, true).shape).toEqual([1, 3]);
    expect(max(x, undefined, true).toArray()).toEqual([[6]]);
    expect(x.min([0, 1], true).shape).toEqual([1, 1]);
  });

  it('matches a naive sum over any set of axes of a 3-D tensor (property)', () => {
    const shape = [2, 3, 4];
    const values = testRandom(4).array(24);
    const t = reshape(tensor(new Float64Array(values)), shape);
    fc.assert(
      fc.property(fc.subarray([0, 1, 2]), fc.boolean(), (axes, keepdims) => {
        const out = sum(t, axes, keepdims);
        const kept = shape.map((n, a) => (axes.includes(a) ? 1 : n));
        const expected = new Array<number>(kept.reduce((p, n) => p * n, 1)).fill(0);
        values.forEach((v, flat) => {
          const position = [Math.floor(flat / 12), Math.floor(flat / 4) % 3, flat % 4];
          const target = position.reduce(
            (o, p, a) => o * (kept[a] ?? 1) + (axes.includes(a) ? 0 : p),
            0,
          );
          expected[target] = (expected[target] ?? 0) + v;
        });
        const outShape = keepdims ? kept : shape.filter((_, a) => !axes.includes(a));
        expect(out.shape).toEqual(outShape);
        expect(Array.from(out.data())).toEqual(expected);
      }),
      { seed: 21, numRuns: 30 },
    );
  });

  it('keep int32 for sum, max and min but give float32 means', () => {
    const i = tensor([1, 2], { dtype: 'int32' });
    expect([sum(i).dtype, max(i).dtype, min(i).dtype]).toEqual(['int32', 'int32', 'int32']);
    const m = mean(i);
    expect([m.dtype, m.item()]).toEqual(['float32', 1.5]);
  });

  it('max and min propagate NaN', () => {
    const t = tensor([
      [1, NaN, 3],
      [4, 5, 6],
    ]);
    expect(max(t, 1).toArray()).toEqual([NaN, 6]);
    expect(min(t, 1).toArray()).toEqual([NaN, 4]);
    expect(max(tensor([NaN, 1])).item()).toBeNaN();
  });

  it('reject repeated and out-of-range axes, naming them', () => {
    expect(() => sum(x, [1, -1])).toThrow('sum: axis must not repeat an axis, got [1, -1].');
    expect(() => mean(x, 2)).toThrow(
      'mean: axis must be an integer in [-2, 1] for a tensor of rank 2, got 2.',
    );
  });
});

describe('argmax and argmin', () => {
  it('return the first occurrence of the extreme as int32', () => {
    const t = tensor([1, 3, 3, 0, 0]);
    const am = argmax(t);
    expect([am.dtype, am.shape, am.item()]).toEqual(['int32', [], 1]);
    expect(argmin(t).item()).toBe(3);
  });

  it('use the flattened tensor when no axis is given', () => {
    const t = tensor([
      [1, 5],
      [5, 0],
    ]);
    expect(argmax(t).item()).toBe(1);
    expect(argmin(t).item()).toBe(3);
  });

  it('reduce one axis, with keepdims', () => {
    const t = tensor([
      [1, 9, 3],
      [7, 2, 8],
    ]);
    expect(argmax(t, 0).toArray()).toEqual([1, 0, 1]);
    expect(argmax(t, -1).toArray()).toEqual([1, 2]);
    expect(argmin(t, 1, true).toArray()).toEqual([[0], [1]]);
    expect(t.argmax(1, true).shape).toEqual([2, 1]);
  });

  it('treat NaN as the maximum and reject empty axes', () => {
    expect(argmax(tensor([1, NaN, 5])).item()).toBe(1);
    expect(() => argmax(tensor([]))).toThrow('argmax: x must not be empty along axis 0.');
    expect(argmax(tensor(4)).item()).toBe(0);
  });
});

describe('logsumexp', () => {
  it('equals log Σ exp over an axis', () => {
    const t = tensor(
      [
        [0, Math.log(3)],
        [1, 2],
      ],
      { dtype: 'float64' },
    );
    expect(logsumexp(t, 1)).toBeAllClose([Math.log(4), Math.log(Math.E + Math.E ** 2)], {
      atol: 0,
      rtol: 1e-15,
    });
    expect(logsumexp(t, 1, true).shape).toEqual([2, 1]);
    expect(logsumexp(t).shape).toEqual([]);
  });

  it('is stable for large values', () => {
    const out = logsumexp(
      tensor([
        [1000, 1000],
        [-1000, -1000],
      ]),
      -1,
    );
    expect(out).toBeAllClose([1000 + Math.LN2, -1000 + Math.LN2], { atol: 1e-4, rtol: 0 });
  });

  it('gives -Infinity (not NaN) for a row of -Infinity, and handles +Infinity', () => {
    const out = logsumexp(
      tensor([
        [-Infinity, -Infinity],
        [0, -Infinity],
        [Infinity, 0],
      ]),
      1,
    );
    expect(out.toArray()).toEqual([-Infinity, 0, Infinity]);
  });
});

describe('softmax and logSoftmax', () => {
  it('softmax gives known values and rows that sum to 1', () => {
    expect(softmax(tensor([1, 2, 3]))).toBeAllClose([0.09003057, 0.24472847, 0.66524096], {
      atol: 1e-7,
    });
    const t = tensor(new Float64Array(testRandom(8).array(12, -5, 5))).reshape([3, 4]);
    expect(sum(softmax(t), -1)).toBeAllClose([1, 1, 1], { atol: 1e-14, rtol: 0 });
    expect(sum(softmax(t, 0), 0)).toBeAllClose([1, 1, 1, 1], { atol: 1e-14, rtol: 0 });
  });

  it('softmax is stable for large logits', () => {
    expect(softmax(tensor([1000, 0, -1000])).toArray()).toEqual([1, 0, 0]);
  });

  it('logSoftmax equals x - logsumexp(x) and log(softmax(x))', () => {
    expect(logSoftmax(tensor([0, 0]))).toBeAllClose([-Math.LN2, -Math.LN2]);
    const t = tensor(
      [
        [1, 2, 3],
        [-1, 0, 4],
      ],
      { dtype: 'float64' },
    );
    expect(logSoftmax(t)).toBeAllClose(softmax(t).log(), { atol: 1e-14, rtol: 0 });
    expect(t.logSoftmax(0).shape).toEqual([2, 3]);
    expect(logSoftmax(tensor([2000, 0]))).toBeAllClose([0, -2000]);
  });
});

describe('norm', () => {
  const v = tensor([3, -4], { dtype: 'float64' });

  it.each([
    [1, 7],
    [2, 5],
    [Infinity, 4],
    [3, Math.cbrt(91)],
  ])('p = %s', (p, expected) => {
    expect(norm(v, p)).toBeAllClose(expected, { atol: 0, rtol: 1e-15 });
  });

  it('reduces over an axis with keepdims and rejects p ≤ 0', () => {
    const m = tensor([
      [3, 4],
      [6, 8],
    ]);
    expect(norm(m, 2, 1).toArray()).toEqual([5, 10]);
    expect(norm(m, 1, 0, true).toArray()).toEqual([[9, 12]]);
    expect(m.norm().item()).toBeCloseTo(Math.sqrt(125), 5);
    expect(() => norm(m, 0)).toThrow('norm: p must be positive, got 0.');
  });
});

describe('variance', () => {
  it('uses Bessel’s correction by default and the population variance with correction 0', () => {
    const v = tensor([1, 2, 3, 4], { dtype: 'float64' });
    expect(variance(v).item()).toBeCloseTo(5 / 3, 14);
    expect(variance(v, undefined, { correction: 0 }).item()).toBe(1.25);
  });

  it('reduces over an axis with keepdims, and int32 gives float32', () => {
    const m = tensor([
      [1, 3],
      [2, 6],
    ]);
    expect(variance(m, 1).toArray()).toEqual([2, 8]);
    expect(variance(m, 0, { keepdims: true, correction: 0 }).toArray()).toEqual([[0.25, 2.25]]);
    expect(tensor([1, 2], { dtype: 'int32' }).var().dtype).toBe('float32');
  });
});

describe('sumTo', () => {
  const t = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);

  it('sums leading axes and axes of length 1 in the target', () => {
    expect(sumTo(t, [3]).toArray()).toEqual([5, 7, 9]);
    expect(sumTo(t, [2, 1]).toArray()).toEqual([[6], [15]]);
    expect(sumTo(t, [1, 3]).toArray()).toEqual([[5, 7, 9]]);
    expect(sumTo(t, []).toArray()).toBe(21);
    expect(sumTo(t, [1]).toArray()).toEqual([21]);
    expect(sumTo(t, [2, 3]).toArray()).toEqual(t.toArray());
  });

  it('throws a ShapeError naming both shapes when the target does not broadcast', () => {
    expect(() => sumTo(t, [2])).toThrow(ShapeError);
    expect(() => sumTo(t, [2])).toThrow("sumTo: shape [2] must broadcast to x's shape [2, 3].");
    expect(() => sumTo(t, [1, 2, 3])).toThrow('[1, 2, 3]');
    expect(() => sum(t, 5)).toThrow(ArgumentError);
  });
});
