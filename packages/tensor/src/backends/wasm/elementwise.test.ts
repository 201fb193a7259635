// The wasm elementwise maps, broadcasting binary ops and reductions against the reference
// kernels, on tensors large enough to take the wasm path (odd sizes, so vector tails run) and
// with the values where implementations part: NaN, ±Infinity, −0, large magnitudes. Each case
// also checks which path ran, from the bytes copied into wasm memory.
import { afterEach, describe, expect, it } from 'vitest';
import {
  abs,
  add,
  div,
  exp,
  log,
  sign,
  arange,
  fromArray,
  Generator,
  getBackend,
  max,
  maximum,
  min,
  minimum,
  mul,
  neg,
  randn,
  relu,
  setBackend,
  sigmoid,
  sqrt,
  sub,
  sum,
  tanh,
  tensor,
  type Tensor,
  type WasmBackend,
} from '../../index';
import { ELEMENTWISE_IN_WASM } from './elementwise';

afterEach(() => setBackend('cpu'));

const generator = new Generator(31);

/** Normal values scaled by `scale`, with the special values spread through them. */
function values(shape: number[], scale = 3): Tensor {
  const data = randn(shape, { generator }).mul(scale).data() as Float32Array;
  const specials = [NaN, Infinity, -Infinity, -0, 0, 100, -100, 1e-7, -1e-7, 89, -104];
  for (let k = 0; k < specials.length && k * 37 < data.length; k++) data[k * 37] = specials[k]!;
  return fromArray(data, shape);
}

/** Runs `op` on cpu, then on wasm, and returns both with whether wasm memory was used. */
function both(op: () => Tensor): { expected: Tensor; actual: Tensor; inWasm: boolean } {
  setBackend('cpu');
  const expected = op();
  setBackend('wasm');
  const backend = getBackend() as WasmBackend;
  const before = backend.memory().copiedIn;
  const actual = op();
  return { expected, actual, inWasm: backend.memory().copiedIn > before };
}

const tolerance = { atol: 1e-6, rtol: 1e-5 };

describe('wasm unary maps', () => {
  const x = values([101, 103]);
  // −110 … 95: where e^x leaves the normal floats, then the float range.
  const wide = values([101, 103])
    .mul(0)
    .add(
      arange(0, 101 * 103)
        .reshape([101, 103])
        .mul(205 / 10403)
        .sub(110),
    );
  it.each([
    ['neg', () => neg(x)],
    ['abs', () => abs(x)],
    ['sqrt', () => sqrt(abs(x))],
    ['tanh', () => tanh(x)],
    ['sigmoid', () => sigmoid(x)],
    ['relu', () => relu(x)],
    ['exp', () => exp(x)],
    ['exp near its overflow and underflow', () => exp(wide)],
    ['log', () => log(abs(x))],
    ['log of negatives, zeros and subnormals', () => log(x.mul(1e-38))],
    ['sign', () => sign(x)],
  ] as const)('%s matches cpu, NaN and infinities included', (_name, op) => {
    const { expected, actual, inWasm } = both(op);
    expect(inWasm).toBe(true);
    expect(actual).toBeAllClose(expected, tolerance);
  });

  it('keeps tanh accurate relative to tiny values and exactly ±1 once saturated', () => {
    setBackend('wasm');
    const n = ELEMENTWISE_IN_WASM;
    const tiny = Float32Array.from({ length: n }, (_, k) => (k - n / 2) * 1e-9);
    const y = tanh(fromArray(tiny)).data();
    for (let k = 0; k < n; k++) {
      const expected = Math.tanh(tiny[k]!);
      expect(Math.abs(y[k]! - expected)).toBeLessThanOrEqual(2e-7 * Math.abs(expected));
    }
    const ends = new Float32Array(n).fill(9);
    ends.set([Infinity, -Infinity, 20, -20, -9]);
    expect(Array.from(tanh(fromArray(ends)).data().slice(0, 6))).toEqual([1, -1, 1, -1, -1, 1]);
  });

  it('keeps NaN through relu, as PyTorch does', () => {
    setBackend('wasm');
    const data = new Float32Array(ELEMENTWISE_IN_WASM + 3).fill(-1);
    data[5] = NaN;
    const y = relu(tensor(data)).data();
    expect(y[5]).toBeNaN();
    expect(y[4]).toBe(0);
  });
});

describe('wasm binary ops', () => {
  const M = 97;
  const N = 103;
  const shapes: [string, number[], number[]][] = [
    ['same shapes', [M, N], [M, N]],
    ['a row (a bias)', [M, N], [N]],
    ['a row on the left', [N], [M, N]],
    ['a column', [M, N], [M, 1]],
    ['a column on the left', [M, 1], [M, N]],
    ['a scalar', [M, N], []],
    ['a scalar on the left', [1], [M, N]],
    ['a row and a column', [1, N], [M, 1]],
    ['a bias over a batch of matrices', [5, 40, 41], [41]],
  ];
  const ops = [
    ['add', add],
    ['sub', sub],
    ['mul', mul],
    ['div', div],
    ['maximum', maximum],
    ['minimum', minimum],
  ] as const;
  for (const [opName, op] of ops) {
    it.each(shapes)(`${opName} with %s matches cpu`, (_name, aShape, bShape) => {
      const a = values(aShape);
      const b = values(bShape, 2);
      const { expected, actual, inWasm } = both(() => op(a, b));
      expect(inWasm).toBe(true);
      expect(actual.shape).toEqual(expected.shape);
      expect(actual).toBeAllClose(expected, tolerance);
    });
  }

  it('leaves other broadcasts, small tensors and float64 to the reference kernels', () => {
    const [a, b, c, d] = [values([5, 40, 41]), values([5, 1, 41]), values([10, 10]), values([10])];
    const e = values([100, 100]).to('float64');
    const cases: [string, () => Tensor][] = [
      ['a middle axis', () => add(a, b)],
      ['small', () => mul(c, d)],
      ['float64', () => add(e, 1)],
    ];
    for (const [name, op] of cases) {
      const { expected, actual, inWasm } = both(op);
      expect(inWasm, name).toBe(false);
      expect(actual, name).toBeAllClose(expected, tolerance);
    }
  });

  it('orders −0 below +0 in maximum and minimum', () => {
    setBackend('wasm');
    const n = ELEMENTWISE_IN_WASM;
    const a = tensor(new Float32Array(n).fill(-0));
    const b = tensor(new Float32Array(n).fill(0));
    expect(Object.is(maximum(a, b).data()[0], 0)).toBe(true);
    expect(Object.is(minimum(b, a).data()[0], -0)).toBe(true);
  });
});

describe('wasm reductions', () => {
  const x = values([37, 45, 11]);
  it.each([
    ['every axis', [0, 1, 2], false],
    ['the first axis (a bias gradient)', [0], false],
    ['the last axis', [2], false],
    ['a middle axis, kept', [1], true],
    ['two leading axes', [0, 1], false],
  ] as const)('sum, max and min over %s match cpu', (_name, axes, keepdims) => {
    const finite = randn([37, 45, 11], { generator });
    for (const [input, op] of [
      [finite, sum],
      [x, max],
      [x, min],
    ] as const) {
      const { expected, actual, inWasm } = both(() => op(input, [...axes], keepdims));
      expect(inWasm).toBe(true);
      expect(actual.shape).toEqual(expected.shape);
      expect(actual).toBeAllClose(expected, tolerance);
    }
  });

  it('sums in float64 before rounding once, as the reference does', () => {
    // 2^24 then 8,200 ones: a float32 running sum stays at 2^24, the exact sum is a float32.
    setBackend('wasm');
    const data = new Float32Array(ELEMENTWISE_IN_WASM + 9).fill(1);
    data[0] = 2 ** 24;
    expect(sum(tensor(data)).item()).toBe(2 ** 24 + ELEMENTWISE_IN_WASM + 8);
  });

  it('lets NaN win in max and min over rows and columns', () => {
    const data = randn([200, 50], { generator }).data() as Float32Array;
    data[3 * 50 + 7] = NaN;
    const y = fromArray(data, [200, 50]);
    const { expected, actual } = both(() => max(y, [0]));
    expect(actual.data()[7]).toBeNaN();
    expect(actual).toBeAllClose(expected, tolerance);
    const rows = both(() => min(y, [1]));
    expect(rows.actual.data()[3]).toBeNaN();
    expect(rows.actual).toBeAllClose(rows.expected, tolerance);
  });

  it('leaves axes that are not one block to the reference kernels', () => {
    const { expected, actual, inWasm } = both(() => sum(x, [0, 2]));
    expect(inWasm).toBe(false);
    expect(actual).toBeAllClose(expected, tolerance);
  });
});
