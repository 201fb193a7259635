import fc from 'fast-check';
import { testRandom } from '@unroll/test-utils';
import { describe, expect, it } from 'vitest';
import {
  abs,
  add,
  div,
  exp,
  log,
  log1p,
  mul,
  neg,
  pow,
  relu,
  ShapeError,
  sigmoid,
  sign,
  sqrt,
  square,
  sub,
  tanh,
  tensor,
  type DType,
  type Tensor,
} from '../index';

const unaryCases: [string, (x: Tensor) => Tensor, (x: number) => number, number, number][] = [
  ['neg', neg, (x) => -x, -5, 5],
  ['abs', abs, Math.abs, -5, 5],
  ['sign', sign, Math.sign, -5, 5],
  ['exp', exp, Math.exp, -10, 10],
  ['log', log, Math.log, 1e-3, 100],
  ['log1p', log1p, Math.log1p, -0.999, 10],
  ['sqrt', sqrt, Math.sqrt, 0, 100],
  ['tanh', tanh, Math.tanh, -5, 5],
  ['relu', relu, (x) => Math.max(x, 0), -5, 5],
  ['square', square, (x) => x * x, -5, 5],
];

describe.each(['float32', 'float64'] as const)('unary ops in %s', (dtype) => {
  const round = dtype === 'float32' ? Math.fround : (x: number) => x;

  it.each(unaryCases)('%s matches Math.* rounded once', (_, op, reference, low, high) => {
    const inputs = testRandom(11).array(64, low, high).concat([low, high]);
    const x = tensor(inputs, { dtype });
    const out = op(x);
    expect(out.dtype).toBe(dtype);
    const expected = Array.from(x.data(), (v) => round(reference(v)));
    expect(Array.from(out.data())).toEqual(expected);
  });

  it('sigmoid matches 1 / (1 + e^-x)', () => {
    const x = tensor(testRandom(5).array(64, -20, 20), { dtype });
    const expected = Array.from(x.data(), (v) => 1 / (1 + Math.exp(-v)));
    expect(sigmoid(x)).toBeAllClose(expected, {
      atol: 0,
      rtol: dtype === 'float32' ? 1e-7 : 1e-15,
    });
  });

  it('sigmoid reaches exactly 0 and 1 at ±1000 without NaN', () => {
    expect(sigmoid(tensor([-1000, 0, 1000], { dtype })).toArray()).toEqual([0, 0.5, 1]);
    expect(sigmoid(tensor([-Infinity, Infinity], { dtype })).toArray()).toEqual([0, 1]);
  });
});

describe('unary ops on int32', () => {
  const x = tensor([-3, 0, 4], { dtype: 'int32' });

  it('keep int32 for neg, abs, sign, relu, square', () => {
    for (const [op, expected] of [
      [neg, [3, 0, -4]],
      [abs, [3, 0, 4]],
      [sign, [-1, 0, 1]],
      [relu, [0, 0, 4]],
      [square, [9, 0, 16]],
    ] as const) {
      const out = op(x);
      expect([out.dtype, out.toArray()]).toEqual(['int32', expected]);
    }
  });

  it('compute float32 for exp, log, sqrt, tanh, sigmoid', () => {
    const out = exp(x);
    expect(out.dtype).toBe('float32');
    expect(out.data()).toEqual(new Float32Array([Math.exp(-3), 1, Math.exp(4)]));
    expect(sqrt(tensor([4, 9], { dtype: 'int32' })).toArray()).toEqual([2, 3]);
  });

  it('sign keeps NaN and signed zero', () => {
    expect(sign(tensor([NaN, -0, 2])).toArray()).toEqual([NaN, -0, 1]);
  });
});

describe('binary ops', () => {
  const col = tensor([[1], [2]]);
  const row = tensor([10, 20, 30]);

  it('broadcast a column against a row', () => {
    expect(add(col, row).toArray()).toEqual([
      [11, 21, 31],
      [12, 22, 32],
    ]);
    expect(sub(row, col).toArray()).toEqual([
      [9, 19, 29],
      [8, 18, 28],
    ]);
    expect(mul(col, row).toArray()).toEqual([
      [10, 20, 30],
      [20, 40, 60],
    ]);
    expect(div(row, col).toArray()).toEqual([
      [10, 20, 30],
      [5, 10, 15],
    ]);
  });

  it('accept a number on either side', () => {
    expect(sub(10, row).toArray()).toEqual([0, -10, -20]);
    expect(sub(row, 10).toArray()).toEqual([0, 10, 20]);
    expect(div(60, row).toArray()).toEqual([6, 3, 2]);
    expect(pow(tensor([1, 2, 3]), 2).toArray()).toEqual([1, 4, 9]);
    expect(pow(2, tensor([1, 2, 3])).toArray()).toEqual([2, 4, 8]);
    expect(add(1, 2).toArray()).toBe(3);
  });

  it('match a naive broadcasting loop for random compatible shapes (property)', () => {
    const shapes = fc
      .array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 3 })
      .chain((base) =>
        fc.tuple(
          fc.constant(base),
          fc.array(fc.boolean(), { minLength: base.length, maxLength: base.length }),
          fc.integer({ min: 0, max: base.length - 1 }),
        ),
      );
    fc.assert(
      fc.property(shapes, fc.integer(), ([base, ones, drop], seed) => {
        const aShape = base.map((n, k) => (ones[k] === true ? 1 : n));
        const bShape = base.slice(drop);
        const random = testRandom(seed);
        const aValues = random.array(aShape.reduce((p, n) => p * n, 1));
        const bValues = random.array(bShape.reduce((p, n) => p * n, 1));
        const a = tensor(new Float64Array(aValues)).reshape(aShape);
        const b = tensor(new Float64Array(bValues)).reshape(bShape);
        const outShape = base.map((n, k) => (k < drop && aShape[k] === 1 ? 1 : n));
        const out = add(a, b);
        expect(out.shape).toEqual(outShape);
        // Naive: unravel each output position and read each operand at its own (clamped) index.
        const flatIndex = (shape: number[], position: number[]): number =>
          shape.reduce((offset, n, k) => {
            const p = position[position.length - shape.length + k] ?? 0;
            return offset * n + (n === 1 ? 0 : p);
          }, 0);
        const expected: number[] = [];
        const size = outShape.reduce((p, n) => p * n, 1);
        for (let flat = 0; flat < size; flat++) {
          const position: number[] = [];
          let rest = flat;
          for (let k = outShape.length - 1; k >= 0; k--) {
            position.unshift(rest % (outShape[k] ?? 1));
            rest = Math.floor(rest / (outShape[k] ?? 1));
          }
          const x = aValues[flatIndex(aShape, position)] ?? NaN;
          const y = bValues[flatIndex(bShape, position)] ?? NaN;
          expected.push(x + y);
        }
        expect(Array.from(out.data())).toEqual(expected);
      }),
      { seed: 42, numRuns: 100 },
    );
  });

  it('throw a ShapeError naming both shapes when they cannot broadcast', () => {
    expect(() => mul(tensor([[1, 2, 3]]), tensor([1, 2]))).toThrow(ShapeError);
    expect(() => mul(tensor([[1, 2, 3]]), tensor([1, 2]))).toThrow('mul: shapes [1, 3] and [2]');
  });
});

describe('dtype promotion', () => {
  const i = tensor([1, 2], { dtype: 'int32' });
  const f = tensor([0.5, 0.25]);
  const d = tensor([0.5, 0.25], { dtype: 'float64' });

  it.each([
    ['int32 + float32', () => add(i, f), 'float32', [1.5, 2.25]],
    ['float32 + int32', () => add(f, i), 'float32', [1.5, 2.25]],
    ['float32 + float64', () => add(f, d), 'float64', [1, 0.5]],
    ['int32 + int32', () => add(i, i), 'int32', [2, 4]],
    ['int32 + 2', () => add(i, 2), 'int32', [3, 4]],
    ['int32 + 1.5', () => add(i, 1.5), 'float32', [2.5, 3.5]],
    ['1.5 + int32', () => add(1.5, i), 'float32', [2.5, 3.5]],
    ['int32 / int32', () => div(i, tensor([2, 4], { dtype: 'int32' })), 'float32', [0.5, 0.5]],
    ['int32 / 2', () => div(i, 2), 'float32', [0.5, 1]],
    ['float64 * 3', () => mul(d, 3), 'float64', [1.5, 0.75]],
  ] as [string, () => Tensor, DType, number[]][])('%s', (_, run, dtype, values) => {
    const out = run();
    expect(out.dtype).toBe(dtype);
    expect(out.toArray()).toEqual(values);
  });

  it('rounds a JS number to a float32 operand’s dtype but keeps it exact for float64', () => {
    expect(add(tensor([0]), 0.1).item()).toBe(Math.fround(0.1));
    expect(add(tensor([0], { dtype: 'float64' }), 0.1).item()).toBe(0.1);
  });
});
