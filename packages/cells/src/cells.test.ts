// The built-in cells' single steps: fused versus the unfused references (values and every
// gradient), float64 gradcheck against x, state and every parameter, properties over sizes
// (shapes, unbatched = batch of one), error messages, the initialisers, LayerNormLSTMCell
// and the cell registry.
import { fc, test } from '@fast-check/vitest';
import { gradcheck } from '@unroll/autograd';
import {
  ArgumentError,
  DTypeError,
  Generator,
  ShapeError,
  Tensor,
  matmul,
  mul,
  ones,
  sum,
  tensor,
  uniform,
  zeros,
  type DType,
} from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import { gruStepReference } from './gru-cell.reference';
import { GRUCell, gruKernel } from './gru-cell';
import { defaultRecurrentInit, orthogonal, xavierUniform, zerosInit } from './init';
import { LayerNormLSTMCell } from './layer-norm-lstm-cell';
import { lstmStepReference } from './lstm-cell.reference';
import { LSTMCell, lstmKernel, type LSTMVariant } from './lstm-cell';
import { cellSpecs } from './registry';
import { rnnStepReference } from './rnn-cell.reference';
import { RNNCell, rnnKernel, type Nonlinearity } from './rnn-cell';

interface Sizes {
  inputSize: number;
  hiddenSize: number;
  dtype?: DType;
  generator?: Generator;
}

/** A cell with its fused step and its unfused reference, both taking and returning state lists. */
interface Stepper {
  cell: RNNCell | LSTMCell | GRUCell;
  /** Fused: `cell.forward`. */
  forward(x: Tensor, state?: readonly Tensor[]): Tensor[];
  /** Unfused: the `*.reference.ts` step with the cell's current parameters. */
  reference(x: Tensor, state: readonly Tensor[]): Tensor[];
}

interface Variant {
  name: string;
  /** 1 (h) or 2 (h, c). */
  states: number;
  /** Whether every output lies in (−1, 1) (all but the ReLU RNN). */
  bounded: boolean;
  create(sizes: Sizes): Stepper;
}

const rnn = (nonlinearity: Nonlinearity): Variant => ({
  name: `RNNCell ${nonlinearity}`,
  states: 1,
  bounded: nonlinearity === 'tanh',
  create: (sizes) => {
    const cell = new RNNCell({ ...sizes, nonlinearity });
    return {
      cell,
      forward: (x, state) => [cell.forward(x, state?.[0])],
      reference: (x, [h]) => [rnnStepReference(x, h as Tensor, cell, nonlinearity)],
    };
  },
});

const lstm = (name: string, variant: LSTMVariant): Variant => ({
  name,
  states: 2,
  bounded: true,
  create: (sizes) => {
    const cell = new LSTMCell({ ...sizes, ...variant });
    return {
      cell,
      forward: (x, state) => [...cell.forward(x, state as [Tensor, Tensor] | undefined)],
      reference: (x, [h, c]) => {
        const { weightIh, weightHh, biasIh, biasHh, peepholeI, peepholeF, peepholeO } = cell;
        const weights = { weightIh, weightHh, biasIh, biasHh, peepholeI, peepholeF, peepholeO };
        return lstmStepReference(
          x,
          [h as Tensor, c as Tensor],
          { ...weights, weightHr: null },
          variant,
        );
      },
    };
  },
});

const gru = (resetAfter: boolean): Variant => ({
  name: `GRUCell resetAfter=${resetAfter}`,
  states: 1,
  bounded: true,
  create: (sizes) => {
    const cell = new GRUCell({ ...sizes, resetAfter });
    return {
      cell,
      forward: (x, state) => [cell.forward(x, state?.[0])],
      reference: (x, [h]) => [gruStepReference(x, h as Tensor, cell, resetAfter)],
    };
  },
});

const variants: Variant[] = [
  rnn('tanh'),
  rnn('relu'),
  lstm('LSTMCell', {}),
  lstm('LSTMCell peephole', { peephole: true }),
  lstm('LSTMCell coupled', { coupled: true }),
  lstm('LSTMCell coupled peephole', { coupled: true, peephole: true }),
  gru(true),
  gru(false),
];

const N = 2;
const I = 3;
const H = 4;

const random64 = (generator: Generator) => (shape: number[]) =>
  uniform(shape, -0.9, 0.9, { dtype: 'float64', generator });
const leaf = (t: Tensor): Tensor => tensor(t, { requiresGrad: true });
const values = (t: Tensor): number[] => Array.from(t.data());

describe.each(variants)('$name', (variant) => {
  it('fused step equals the unfused reference in values and every gradient (float64)', () => {
    const generator = new Generator(17);
    const random = random64(generator);
    const stepper = variant.create({ inputSize: I, hiddenSize: H, dtype: 'float64', generator });
    const x0 = random([N, I]);
    const state0 = Array.from({ length: variant.states }, () => random([N, H]));
    const upstream = state0.map(() => uniform([N, H], 0.1, 1.1, { dtype: 'float64', generator }));
    const run = (step: (x: Tensor, state: Tensor[]) => Tensor[]) => {
      stepper.cell.zeroGrad();
      const x = leaf(x0);
      const state = state0.map(leaf);
      const outputs = step(x, state);
      outputs
        .map((output, k) => sum(mul(output, upstream[k] as Tensor)))
        .reduce((total, term) => total.add(term))
        .backward();
      const grads = [x, ...state, ...stepper.cell.parameters()].map((t) => t.grad);
      return { outputs, grads };
    };
    const fused = run((x, state) => stepper.forward(x, state));
    const reference = run((x, state) => stepper.reference(x, state));
    const names = ['x', 'h', 'c'].slice(0, 1 + variant.states);
    names.push(...stepper.cell.namedParameters().map(([name]) => name));
    expect(fused.outputs).toHaveLength(variant.states);
    fused.outputs.forEach((output, k) => {
      expect(output.shape).toEqual([N, H]);
      expect(output).toBeAllClose(reference.outputs[k] as Tensor, { atol: 1e-13, rtol: 1e-12 });
    });
    expect(fused.grads).toHaveLength(names.length);
    fused.grads.forEach((grad, k) => {
      const expected = reference.grads[k];
      expect(grad, names[k]).toBeInstanceOf(Tensor);
      expect(expected, names[k]).toBeInstanceOf(Tensor);
      expect(grad?.dtype, names[k]).toBe('float64');
      expect(grad as Tensor, names[k]).toBeAllClose(expected as Tensor, {
        atol: 1e-13,
        rtol: 1e-12,
      });
    });
    // Every parameter of this variant does receive a gradient (nothing is vacuously zero).
    fused.grads.forEach((grad, k) => {
      expect(
        values(grad as Tensor).some((v) => v !== 0),
        names[k],
      ).toBe(true);
    });
  });

  it('passes gradcheck in float64 against x, the state and every parameter', () => {
    const generator = new Generator(29);
    const random = random64(generator);
    const stepper = variant.create({ inputSize: I, hiddenSize: H, dtype: 'float64', generator });
    const parameters = stepper.cell.namedParameters();
    const states = Array.from({ length: variant.states }, () => random([N, H]));
    const inputs = [random([N, I]), ...states, ...parameters.map(([, p]) => p)];
    const names = ['x', 'h', 'c'].slice(0, 1 + variant.states);
    names.push(...parameters.map(([name]) => name));
    const report = gradcheck(
      (x, ...rest) => {
        // Put the gradcheck's leaves in the cell, so forward reads them as its parameters.
        const assigned = parameters.map(([name], k) => [name, rest[variant.states + k]]);
        Object.assign(stepper.cell, Object.fromEntries(assigned));
        return stepper.forward(x, rest.slice(0, variant.states));
      },
      inputs,
      { names },
    );
    expect(report).toPassGradcheck();
    expect(report.message).toContain(
      `over ${inputs.reduce((total, t) => total + t.size, 0)} checks`,
    );
  });

  it('passes gradcheck in float64 for an unbatched step', () => {
    const generator = new Generator(31);
    const random = random64(generator);
    const stepper = variant.create({ inputSize: I, hiddenSize: H, dtype: 'float64', generator });
    const inputs = [random([I]), ...Array.from({ length: variant.states }, () => random([H]))];
    const report = gradcheck((x, ...state) => stepper.forward(x, state), inputs);
    expect(report).toPassGradcheck();
  });

  test.prop(
    [
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 0, max: 1_000_000 }),
    ],
    { seed: 7, numRuns: 15 },
  )('an unbatched [H_in] step equals a batch of one', (inputSize, hiddenSize, seed) => {
    const generator = new Generator(seed);
    const stepper = variant.create({ inputSize, hiddenSize, generator });
    const x = uniform([inputSize], -1, 1, { generator });
    const state = Array.from({ length: variant.states }, () =>
      uniform([hiddenSize], -1, 1, { generator }),
    );
    const single = stepper.forward(x, state);
    const batch = stepper.forward(
      x.reshape([1, inputSize]),
      state.map((s) => s.reshape([1, hiddenSize])),
    );
    single.forEach((output, k) => {
      expect(output.shape).toEqual([hiddenSize]);
      expect(values(output)).toEqual(values(batch[k] as Tensor));
    });
    const withoutState = stepper.forward(x);
    expect(withoutState.map((s) => s.shape)).toEqual(state.map(() => [hiddenSize]));
  });

  test.prop(
    [
      fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 0, max: 1_000_000 }),
    ],
    { seed: 8, numRuns: 15 },
  )(
    'gives [N, H] states for any (N, H_in, H); no state means zeros',
    (n, inputSize, hiddenSize, seed) => {
      const generator = new Generator(seed);
      const stepper = variant.create({ inputSize, hiddenSize, generator });
      const x = uniform([n, inputSize], -2, 2, { generator });
      const outputs = stepper.forward(x);
      expect(outputs).toHaveLength(variant.states);
      for (const output of outputs) {
        expect(output.shape).toEqual([n, hiddenSize]);
        expect(output.dtype).toBe('float32');
      }
      const h = values(outputs[0] as Tensor);
      expect(h.every(Number.isFinite)).toBe(true);
      if (variant.bounded) expect(h.every((v) => Math.abs(v) < 1)).toBe(true);
      else expect(h.every((v) => v >= 0)).toBe(true);
      const zeroState = Array.from({ length: variant.states }, () => zeros([n, hiddenSize]));
      const explicit = stepper.forward(x, zeroState);
      outputs.forEach((output, k) => expect(values(output)).toEqual(values(explicit[k] as Tensor)));
    },
  );
});

describe('cell errors', () => {
  const cell = new LSTMCell({ inputSize: 3, hiddenSize: 4 });

  it('names the API, the expected and the actual shape of a wrong input', () => {
    const attempt = () => cell.forward(zeros([4, 10, 32]));
    expect(attempt).toThrow(ShapeError);
    expect(attempt).toThrow('LSTMCell.forward: x must have shape [N, 3] or [3], got [4, 10, 32].');
    expect(() => cell.forward(zeros([2, 5]))).toThrow(
      'LSTMCell.forward: x must have shape [N, 3] or [3], got [2, 5].',
    );
    expect(() => new GRUCell({ inputSize: 2, hiddenSize: 3 }).forward(zeros([3]))).toThrow(
      'GRUCell.forward: x must have shape [N, 2] or [2], got [3].',
    );
    expect(() => new RNNCell({ inputSize: 2, hiddenSize: 3 }).forward(zeros([]))).toThrow(
      'RNNCell.forward: x must have shape [N, 2] or [2], got [].',
    );
  });

  it('carries argument, expected and actual on the ShapeError', () => {
    try {
      cell.forward(zeros([2, 5]));
      expect.unreachable();
    } catch (error) {
      expect(ShapeError.isInstance(error)).toBe(true);
      const { argument, expected, actual } = error as ShapeError;
      expect({ argument, expected, actual }).toEqual({
        argument: 'x',
        expected: '[N, 3]',
        actual: '[2, 5]',
      });
    }
  });

  it('rejects a non-float input with a DTypeError', () => {
    expect(() => cell.forward(zeros([2, 3], { dtype: 'int32' }))).toThrow(DTypeError);
    expect(() => cell.forward(zeros([2, 3], { dtype: 'int32' }))).toThrow(
      'LSTMCell.forward: x must be float32 or float64, got int32.',
    );
  });

  it('names both shapes of a wrong state', () => {
    const x = zeros([2, 3]);
    expect(() => cell.forward(x, [zeros([3, 4]), zeros([2, 4])])).toThrow(
      'LSTMCell.forward: h must have shape [2, 4] to match x [2, 3], got [3, 4].',
    );
    expect(() => cell.forward(x, [zeros([2, 4]), zeros([2, 5])])).toThrow(
      'LSTMCell.forward: c must have shape [2, 4] to match x [2, 3], got [2, 5].',
    );
    expect(() => cell.forward(zeros([3]), [zeros([1, 4]), zeros([1, 4])])).toThrow(
      'LSTMCell.forward: h must have shape [4] to match x [3], got [1, 4].',
    );
    const gruCell = new GRUCell({ inputSize: 3, hiddenSize: 4 });
    expect(() => gruCell.forward(x, zeros([2, 3]))).toThrow(ShapeError);
    expect(() => gruCell.forward(x, zeros([2, 3]))).toThrow(
      'GRUCell.forward: h must have shape [2, 4] to match x [2, 3], got [2, 3].',
    );
  });

  it('names the expected number of state tensors', () => {
    const x = zeros([2, 3]);
    const one = [zeros([2, 4])] as unknown as [Tensor, Tensor];
    expect(() => cell.forward(x, one)).toThrow(ShapeError);
    expect(() => cell.forward(x, one)).toThrow(
      'LSTMCell.forward: state must hold 2 tensor(s) (h and c), got 1.',
    );
    const two = [zeros([2, 4]), zeros([2, 4])] as unknown as Tensor;
    expect(() => new RNNCell({ inputSize: 3, hiddenSize: 4 }).forward(x, two)).toThrow(
      'RNNCell.forward: state must hold 1 tensor(s) (h), got 2.',
    );
  });

  it('rejects sizes that are not positive integers, and unknown nonlinearities', () => {
    const cases: [() => unknown, string][] = [
      [
        () => new LSTMCell({ inputSize: 2.5, hiddenSize: 4 }),
        'LSTMCell: inputSize must be an integer ≥ 1, got 2.5.',
      ],
      [
        () => new GRUCell({ inputSize: 3, hiddenSize: 0 }),
        'GRUCell: hiddenSize must be an integer ≥ 1, got 0.',
      ],
      [
        () => new RNNCell({ inputSize: NaN, hiddenSize: 4 }),
        'RNNCell: inputSize must be an integer ≥ 1, got NaN.',
      ],
      [
        () => new LayerNormLSTMCell({ inputSize: 3, hiddenSize: -2 }),
        'LayerNormLSTMCell: hiddenSize must be an integer ≥ 1, got -2.',
      ],
      [
        () => new RNNCell({ inputSize: 3, hiddenSize: 4, nonlinearity: 'sigmoid' as Nonlinearity }),
        `RNNCell: nonlinearity must be 'tanh' or 'relu', got "sigmoid".`,
      ],
    ];
    for (const [attempt, message] of cases) {
      expect(attempt).toThrow(ArgumentError);
      expect(attempt).toThrow(message);
    }
  });
});

describe('initialisers', () => {
  const extremes = (t: Tensor): [number, number] => {
    const data = values(t);
    return [Math.min(...data), Math.max(...data)];
  };

  it('defaultRecurrentInit draws from U(−1/√H, 1/√H)', () => {
    const weights = defaultRecurrentInit([40, 50], 16, { generator: new Generator(1) });
    expect(weights.shape).toEqual([40, 50]);
    expect(weights.dtype).toBe('float32');
    const [low, high] = extremes(weights);
    expect(low).toBeGreaterThanOrEqual(-0.25);
    expect(high).toBeLessThanOrEqual(0.25);
    expect(low).toBeLessThan(-0.245);
    expect(high).toBeGreaterThan(0.245);
    const mean = values(weights).reduce((total, v) => total + v, 0) / weights.size;
    expect(Math.abs(mean)).toBeLessThan(0.01);
  });

  it('cells start inside ±1/√H', () => {
    const cell = new LSTMCell({ inputSize: 30, hiddenSize: 25, generator: new Generator(2) });
    for (const parameter of cell.parameters()) {
      const [low, high] = extremes(parameter);
      expect(low).toBeGreaterThanOrEqual(-0.2);
      expect(high).toBeLessThanOrEqual(0.2);
      expect(Math.max(-low, high)).toBeGreaterThan(0.19);
    }
  });

  it('xavierUniform draws from U(−a, a), a = gain·√(6 / (fanIn + fanOut))', () => {
    const bound = 2 * Math.sqrt(6 / (30 + 20));
    const weights = xavierUniform([30, 20], 2, { dtype: 'float64', generator: new Generator(3) });
    expect(weights.shape).toEqual([30, 20]);
    expect(weights.dtype).toBe('float64');
    const [low, high] = extremes(weights);
    expect(low).toBeGreaterThanOrEqual(-bound);
    expect(high).toBeLessThanOrEqual(bound);
    expect(Math.max(-low, high)).toBeGreaterThan(0.98 * bound);
  });

  it.each([
    ['tall', [6, 3]],
    ['square', [4, 4]],
    ['wide', [3, 6]],
  ] as const)('orthogonal gives orthonormal vectors along the short side (%s)', (_label, shape) => {
    const q = orthogonal(shape, 1, { dtype: 'float64', generator: new Generator(4) });
    expect(q.shape).toEqual([...shape]);
    const short = Math.min(...shape);
    const gram =
      shape[0] >= shape[1]
        ? matmul(q, q, { transposeA: true })
        : matmul(q, q, { transposeB: true });
    expect(gram.shape).toEqual([short, short]);
    const identity = Array.from({ length: short }, (_, r) =>
      Array.from({ length: short }, (_, c) => (r === c ? 1 : 0)),
    );
    expect(gram).toBeAllClose(identity, { atol: 1e-12, rtol: 0 });
  });

  it('orthogonal scales by gain, is reproducible and validates its shape', () => {
    const generator = () => new Generator(5);
    const q = orthogonal([3, 3], 2, { dtype: 'float64', generator: generator() });
    expect(matmul(q, q, { transposeA: true })).toBeAllClose(
      [
        [4, 0, 0],
        [0, 4, 0],
        [0, 0, 4],
      ],
      { atol: 1e-12, rtol: 0 },
    );
    const again = orthogonal([3, 3], 2, { dtype: 'float64', generator: generator() });
    expect(values(again)).toEqual(values(q));
    expect(orthogonal([3, 3]).dtype).toBe('float32');
    expect(() => orthogonal([2.5, 3])).toThrow(ArgumentError);
    expect(() => orthogonal([2.5, 3])).toThrow(
      'orthogonal: shape must be two positive integers, got [2.5, 3].',
    );
    expect(() => orthogonal([3, 0])).toThrow(
      'orthogonal: shape must be two positive integers, got [3, 0].',
    );
  });
});

/** One layer-norm LSTM step in plain numbers, row by row, from the cell's equations. */
function layerNormLstmByHand(
  cell: LayerNormLSTMCell,
  x: number[][],
  h: number[][],
  c: number[][],
): [number[][], number[][]] {
  const matrix = (t: Tensor) => t.toArray() as number[][];
  const vector = (t: Tensor) => values(t);
  const times = (w: number[][], v: number[]) =>
    w.map((row) => row.reduce((total, value, k) => total + value * (v[k] as number), 0));
  const norm = (v: number[], gain: number[], shift: number[]) => {
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const variance = v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length;
    const scale = Math.sqrt(variance + cell.eps);
    return v.map(
      (value, k) => ((value - mean) / scale) * (gain[k] as number) + (shift[k] as number),
    );
  };
  const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
  const Hs = cell.hiddenSize;
  const hOut: number[][] = [];
  const cOut: number[][] = [];
  x.forEach((xRow, b) => {
    const fromInput = norm(
      times(matrix(cell.weightIh), xRow),
      vector(cell.lnInputGain),
      vector(cell.lnInputShift),
    );
    const fromHidden = norm(
      times(matrix(cell.weightHh), h[b] as number[]),
      vector(cell.lnHiddenGain),
      vector(cell.lnHiddenShift),
    );
    const bias = vector(cell.bias);
    const pre = fromInput.map((v, k) => v + (fromHidden[k] as number) + (bias[k] as number));
    const gate = (block: number, j: number) => pre[block * Hs + j] as number;
    const cNext = Array.from(
      { length: Hs },
      (_, j) =>
        sigmoid(gate(1, j)) * ((c[b] as number[])[j] as number) +
        sigmoid(gate(0, j)) * Math.tanh(gate(2, j)),
    );
    const normed = norm(cNext, vector(cell.lnCellGain), vector(cell.lnCellShift));
    hOut.push(normed.map((v, j) => sigmoid(gate(3, j)) * Math.tanh(v)));
    cOut.push(cNext);
  });
  return [hOut, cOut];
}

describe('LayerNormLSTMCell', () => {
  const build = (seed: number) => {
    const generator = new Generator(seed);
    const cell = new LayerNormLSTMCell({
      inputSize: I,
      hiddenSize: H,
      dtype: 'float64',
      generator,
    });
    // Move gains and shifts off 1 and 0 so that their gradients and effects are generic.
    for (const [name, parameter] of cell.namedParameters()) {
      if (name.endsWith('Gain'))
        parameter.assign(uniform(parameter.shape, 0.5, 1.5, { dtype: 'float64', generator }));
      if (name.endsWith('Shift'))
        parameter.assign(uniform(parameter.shape, -0.3, 0.3, { dtype: 'float64', generator }));
    }
    return { cell, random: random64(generator) };
  };

  it('starts with gains 1 and shifts 0, and lists every parameter', () => {
    const cell = new LayerNormLSTMCell({ inputSize: I, hiddenSize: H });
    expect(cell.stateSizes).toEqual([H, H]);
    expect(cell.eps).toBe(1e-5);
    expect(cell.namedParameters().map(([name, p]) => [name, p.shape])).toEqual([
      ['weightIh', [16, 3]],
      ['weightHh', [16, 4]],
      ['bias', [16]],
      ['lnInputGain', [16]],
      ['lnInputShift', [16]],
      ['lnHiddenGain', [16]],
      ['lnHiddenShift', [16]],
      ['lnCellGain', [4]],
      ['lnCellShift', [4]],
    ]);
    expect(cell.lnInputGain).toBeAllClose(ones([16]), { atol: 0, rtol: 0 });
    expect(cell.lnCellShift).toBeAllClose(zeros([4]), { atol: 0, rtol: 0 });
    expect(cell.toString()).toBe('LayerNormLSTMCell(3, 4)');
  });

  it('steps to [h, c] of shape [N, H], matching the equations computed by hand', () => {
    const { cell, random } = build(41);
    const [x, h, c] = [random([N, I]), random([N, H]), random([N, H])];
    const next = cell.step(x, [h, c]);
    expect(next.map((t) => t.shape)).toEqual([
      [N, H],
      [N, H],
    ]);
    const rows = (t: Tensor) => t.toArray() as number[][];
    const [hExpected, cExpected] = layerNormLstmByHand(cell, rows(x), rows(h), rows(c));
    expect(next[0] as Tensor).toBeAllClose(hExpected, { atol: 1e-12, rtol: 1e-10 });
    expect(next[1] as Tensor).toBeAllClose(cExpected, { atol: 1e-12, rtol: 1e-10 });
  });

  it('passes gradcheck in float64 against x, h, c and every parameter', () => {
    const { cell, random } = build(43);
    const parameters = cell.namedParameters();
    const inputs = [
      random([N, I]),
      random([N, H]),
      random([N, H]),
      ...parameters.map(([, p]) => p),
    ];
    const report = gradcheck(
      (x, h, c, ...weights) => {
        Object.assign(cell, Object.fromEntries(parameters.map(([name], k) => [name, weights[k]])));
        return cell.step(x, [h, c]);
      },
      inputs,
      { names: ['x', 'h', 'c', ...parameters.map(([name]) => name)] },
    );
    expect(report).toPassGradcheck();
  });
});

describe('cellSpecs', () => {
  it('builds each kind of cell', () => {
    const cell = cellSpecs.lstm.create({ inputSize: 3, hiddenSize: 4, peephole: true });
    expect(cell).toBeInstanceOf(LSTMCell);
    expect(cell.peephole).toBe(true);
    expect(cell.toString()).toBe('LSTMCell(3, 4, peephole=true)');
    expect(cellSpecs.gru.create({ inputSize: 2, hiddenSize: 5 })).toBeInstanceOf(GRUCell);
    const rnnCell = cellSpecs.rnn.create({ inputSize: 2, hiddenSize: 5, nonlinearity: 'relu' });
    expect(rnnCell).toBeInstanceOf(RNNCell);
    expect(rnnCell.nonlinearity).toBe('relu');
    expect(Object.keys(cellSpecs)).toEqual(['rnn', 'lstm', 'gru']);
    expect(Object.values(cellSpecs).map((spec) => spec.name)).toEqual(['rnn', 'lstm', 'gru']);
  });

  it('names the gates in saved order', () => {
    const sizes = { inputSize: 3, hiddenSize: 4 };
    expect(cellSpecs.gru.gateNames(sizes)).toEqual(['r', 'z', 'n']);
    expect(cellSpecs.lstm.gateNames(sizes)).toEqual(['i', 'f', 'g', 'o']);
    expect(cellSpecs.lstm.gateNames({ ...sizes, coupled: true })).toEqual(['f', 'g', 'o']);
    expect(cellSpecs.rnn.gateNames(sizes)).toEqual([]);
  });

  it('returns the cached fused kernel of each variant', () => {
    const sizes = { inputSize: 3, hiddenSize: 4 };
    expect(cellSpecs.lstm.kernel({ ...sizes, peephole: true })).toBe(
      lstmKernel({ peephole: true }),
    );
    expect(cellSpecs.lstm.kernel({ ...sizes, coupled: true }).gates).toBe(3);
    expect(cellSpecs.gru.kernel(sizes)).toBe(gruKernel(true));
    expect(cellSpecs.gru.kernel({ ...sizes, resetAfter: false }).name).toBe('GRUResetBefore');
    expect(cellSpecs.rnn.kernel(sizes).name).toBe('RNNTanh');
    expect(cellSpecs.rnn.kernel({ ...sizes, nonlinearity: 'relu' })).toBe(rnnKernel('relu'));
  });
});

describe('zerosInit', () => {
  it('gives zeros of the shape and dtype, ready to assign to a bias', () => {
    const cell = new LSTMCell({ inputSize: 2, hiddenSize: 3 });
    cell.biasIh?.assign(zerosInit([12]));
    expect(cell.biasIh).toBeAllClose(new Array(12).fill(0), { atol: 0, rtol: 0 });
    expect(zerosInit([2, 2], { dtype: 'float64' }).dtype).toBe('float64');
  });
});
