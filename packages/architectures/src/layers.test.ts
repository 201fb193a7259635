// The non-recurrent layers (Linear, Embedding, Dropout) and Recurrence, the unfused runner of
// user-written cells: shapes, variable lengths, and agreement with the fused LSTM layer when it
// runs the unfused LSTM reference step on the layer's own weights.
import { gradcheck } from '@unroll/autograd';
import {
  LayerNormLSTMCell,
  lstmStepReference,
  type LSTMVariant,
  type RecurrentCell,
} from '@unroll/cells';
import {
  ArgumentError,
  DTypeError,
  Generator,
  ShapeError,
  Tensor,
  mul,
  select,
  slice,
  sum,
  tensor,
  uniform,
  zeros,
  type DType,
} from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import { Dropout, dropout } from './dropout';
import { Embedding } from './embedding';
import { Linear } from './linear';
import { LSTM, type LSTMOptions } from './lstm';
import { Recurrence } from './recurrence';
import type { DirectionParameters } from './recurrent';

const values = (t: Tensor): number[] => Array.from(t.data());
const random64 =
  (generator: Generator) =>
  (shape: number[], low = -1, high = 1) =>
    uniform(shape, low, high, { dtype: 'float64', generator });

/** Contracts outputs with fixed random weights and runs backward. */
function backwardThrough(outputs: readonly Tensor[], seed: number): void {
  const generator = new Generator(seed);
  outputs
    .map((output) =>
      sum(mul(output, uniform(output.shape, 0.1, 1.1, { dtype: output.dtype, generator }))),
    )
    .reduce((total, term) => total.add(term))
    .backward();
}

describe('Linear', () => {
  it('computes x Wᵀ + b over the last axis', () => {
    const layer = new Linear(4, 3, { dtype: 'float64', generator: new Generator(1) });
    const x = random64(new Generator(2))([2, 5, 4]);
    const y = layer.forward(x);
    expect(y.shape).toEqual([2, 5, 3]);
    const w = layer.weight.toArray() as number[][];
    const b = values(layer.bias as Tensor);
    const rows = (x.toArray() as number[][][]).map((block) =>
      block.map((row) =>
        w.map((wRow, j) =>
          wRow.reduce((total, v, k) => total + v * (row[k] as number), b[j] as number),
        ),
      ),
    );
    expect(y).toBeAllClose(rows, { atol: 1e-14, rtol: 1e-12 });
  });

  it('starts inside U(−1/√inFeatures, 1/√inFeatures)', () => {
    const layer = new Linear(16, 64, { generator: new Generator(3) });
    expect(layer.weight.shape).toEqual([64, 16]);
    expect(layer.bias?.shape).toEqual([64]);
    for (const parameter of layer.parameters()) {
      const data = values(parameter);
      expect(Math.min(...data)).toBeGreaterThanOrEqual(-0.25);
      expect(Math.max(...data)).toBeLessThanOrEqual(0.25);
      expect(Math.max(...data.map(Math.abs))).toBeGreaterThan(0.24);
    }
    expect([...layer.stateDict().keys()]).toEqual(['weight', 'bias']);
    expect(layer.toString()).toBe('Linear(inFeatures=16, outFeatures=64)');
  });

  it('with bias: false is x Wᵀ alone', () => {
    const layer = new Linear(3, 2, { bias: false, dtype: 'float64' });
    expect(layer.bias).toBeNull();
    expect(layer.namedParameters().map(([name]) => name)).toEqual(['weight']);
    const x = tensor([[1, 2, 3]], { dtype: 'float64' });
    const w = layer.weight.toArray() as number[][];
    expect(layer.forward(x)).toBeAllClose(
      [w.map((row) => (row[0] as number) + 2 * (row[1] as number) + 3 * (row[2] as number))],
      { atol: 1e-14, rtol: 1e-12 },
    );
    expect(layer.toString()).toBe('Linear(inFeatures=3, outFeatures=2, bias=false)');
  });

  it('names both shapes when the last axis is wrong', () => {
    const layer = new Linear(4, 3);
    const attempt = () => layer.forward(zeros([2, 5]));
    expect(attempt).toThrow(ShapeError);
    expect(attempt).toThrow('Linear.forward: x must have shape [..., 4], got [2, 5].');
    expect(() => layer.forward(zeros([]))).toThrow(
      'Linear.forward: x must have shape [..., 4], got [].',
    );
    expect(() => new Linear(0, 3)).toThrow(ArgumentError);
    expect(() => new Linear(4, 1.5)).toThrow(
      'Linear: outFeatures must be a positive integer, got 1.5.',
    );
  });

  it('passes gradcheck in float64 against x, weight and bias', () => {
    const generator = new Generator(4);
    const layer = new Linear(3, 2, { dtype: 'float64', generator });
    const inputs = [random64(generator)([2, 2, 3]), layer.weight, layer.bias as Tensor];
    const report = gradcheck(
      (x, weight, bias) => {
        Object.assign(layer, { weight, bias });
        return layer.forward(x);
      },
      inputs,
      { names: ['x', 'weight', 'bias'] },
    );
    expect(report).toPassGradcheck();
  });
});

describe('Embedding', () => {
  const ids = tensor(
    [
      [1, 3, 1],
      [1, 0, 3],
    ],
    { dtype: 'int32' },
  );

  it('looks up the rows named by the ids, in shape [...ids.shape, dim]', () => {
    const embed = new Embedding(5, 4, { generator: new Generator(1) });
    expect(embed.weight.shape).toEqual([5, 4]);
    const table = embed.weight.toArray() as number[][];
    const out = embed.forward(ids);
    expect(out.shape).toEqual([2, 3, 4]);
    expect(out.toArray()).toEqual(
      (ids.toArray() as number[][]).map((row) => row.map((id) => table[id])),
    );
    expect(embed.forward([[4], [2]]).toArray()).toEqual([[table[4]], [table[2]]]);
    const single = embed.forward(tensor(2, { dtype: 'int32' }));
    expect(single.shape).toEqual([4]);
    expect(single.toArray()).toEqual(table[2]);
    expect(embed.toString()).toBe('Embedding(5, 4)');
  });

  it('accumulates the gradient of repeated ids into their row', () => {
    const embed = new Embedding(5, 2, { dtype: 'float64', generator: new Generator(2) });
    const upstream = tensor(
      [
        [
          [1, 2],
          [3, 4],
          [5, 6],
        ],
        [
          [7, 8],
          [9, 10],
          [11, 12],
        ],
      ],
      { dtype: 'float64' },
    );
    sum(mul(embed.forward(ids), upstream)).backward();
    expect(embed.weight.grad).toBeAllClose(
      [
        [9, 10],
        [1 + 5 + 7, 2 + 6 + 8],
        [0, 0],
        [3 + 11, 4 + 12],
        [0, 0],
      ],
      { atol: 0, rtol: 0 },
    );
  });

  it('keeps the padding row zero and gives it no gradient', () => {
    const embed = new Embedding(4, 3, {
      paddingIdx: 0,
      dtype: 'float64',
      generator: new Generator(3),
    });
    const table = embed.weight.toArray() as number[][];
    const exact = { atol: 0, rtol: 0 };
    expect(table[0] as number[]).toBeAllClose([0, 0, 0], exact);
    expect(table.slice(1).every((row) => row.every((v) => v !== 0))).toBe(true);
    const padded = tensor([[2, 0, 0, 3]], { dtype: 'int32' });
    const out = embed.forward(padded);
    expect(out).toBeAllClose(
      [[table[2] as number[], [0, 0, 0], [0, 0, 0], table[3] as number[]]],
      exact,
    );
    backwardThrough([out], 1);
    const grad = (embed.weight.grad as Tensor).toArray() as number[][];
    expect(grad[0] as number[]).toBeAllClose([0, 0, 0], exact);
    expect(grad[1] as number[]).toBeAllClose([0, 0, 0], exact);
    expect(grad[2]?.every((v) => v > 0)).toBe(true);
    expect(grad[3]?.every((v) => v > 0)).toBe(true);
    expect(embed.toString()).toBe('Embedding(4, 3, paddingIdx=0)');
  });

  it('returns a loaded padding row as stored (as PyTorch does) while still blocking its gradient', () => {
    const embed = new Embedding(3, 2, { paddingIdx: 1, dtype: 'float64' });
    embed.loadStateDict({
      weight: tensor(
        [
          [1, 2],
          [3, 4],
          [5, 6],
        ],
        { dtype: 'float64' },
      ),
    });
    const out = embed.forward(tensor([1, 2], { dtype: 'int32' }));
    expect(out).toBeAllClose(
      [
        [3, 4],
        [5, 6],
      ],
      { atol: 0, rtol: 0 },
    );
    out.sum().backward();
    expect(embed.weight.grad).toBeAllClose(
      [
        [0, 0],
        [0, 0],
        [1, 1],
      ],
      { atol: 0, rtol: 0 },
    );
  });

  it('rejects float ids with a DTypeError and out-of-range ids with an ArgumentError', () => {
    const embed = new Embedding(5, 2);
    const floats = () => embed.forward(tensor([1, 2]));
    expect(floats).toThrow(DTypeError);
    expect(floats).toThrow('Embedding.forward: ids must be int32 (or integers), got float32.');
    expect(() => embed.forward([1.5])).toThrow(
      'Embedding.forward: ids must be int32 (or integers), got non-integer numbers.',
    );
    expect(embed.forward([[1, 4]]).shape).toEqual([1, 2, 2]);
    for (const bad of [5, -1]) {
      const attempt = () => embed.forward(tensor([[0, bad]], { dtype: 'int32' }));
      expect(attempt).toThrow(ArgumentError);
      expect(attempt).toThrow(`Embedding.forward: ids must be in [0, 4], got ${bad}.`);
    }
  });

  it('validates its options', () => {
    expect(() => new Embedding(0, 2)).toThrow(
      'Embedding: numEmbeddings must be a positive integer, got 0.',
    );
    expect(() => new Embedding(5, 2, { paddingIdx: 5 })).toThrow(ArgumentError);
    expect(() => new Embedding(5, 2, { paddingIdx: 5 })).toThrow(
      'Embedding: paddingIdx must be an integer in [0, 4], got 5.',
    );
  });
});

describe('Dropout', () => {
  const x = uniform([40, 50], 0.5, 1.5, { dtype: 'float64', generator: new Generator(1) });

  it('is the identity in evaluation mode', () => {
    const drop = new Dropout(0.4, { generator: new Generator(2) });
    expect(drop.training).toBe(true);
    expect(drop.eval().forward(x)).toBe(x);
    expect(drop.train().forward(x)).not.toBe(x);
    expect(drop.toString()).toBe('Dropout(p=0.4)');
  });

  it('zeroes about p of the elements and scales the rest by exactly 1/(1 − p)', () => {
    const p = 0.3;
    const y = new Dropout(p, { generator: new Generator(3) }).forward(x);
    expect(y.shape).toEqual([40, 50]);
    expect(y.dtype).toBe('float64');
    const input = values(x);
    const output = values(y);
    const dropped = output.filter((v) => v === 0).length / output.length;
    expect(dropped).toBeGreaterThan(0.27);
    expect(dropped).toBeLessThan(0.33);
    output.forEach((v, k) => {
      if (v !== 0) expect(v).toBe((input[k] as number) * (1 / (1 - p)));
    });
  });

  it('draws its mask from the generator: the same seed gives the same mask', () => {
    const run = (seed: number) =>
      values(new Dropout(0.5, { generator: new Generator(seed) }).forward(x));
    expect(run(4)).toEqual(run(4));
    expect(run(4)).not.toEqual(run(5));
  });

  it('returns the input itself for p = 0', () => {
    expect(new Dropout(0).forward(x)).toBe(x);
    expect(dropout(x, 0)).toBe(x);
  });

  it('rejects p outside [0, 1)', () => {
    for (const p of [-0.1, 1, 1.5, NaN]) {
      expect(() => new Dropout(p)).toThrow(ArgumentError);
      expect(() => new Dropout(p)).toThrow(`Dropout: p must be a number in [0, 1), got ${p}.`);
      expect(() => dropout(x, p)).toThrow(`dropout: p must be a number in [0, 1), got ${p}.`);
    }
  });

  it('dropout() is always active and its gradient is the scaled mask', () => {
    const p = 0.25;
    const leaf = tensor(x, { requiresGrad: true });
    const y = dropout(leaf, p, { generator: new Generator(6) });
    sum(y).backward();
    const kept = values(y).map((v) => (v === 0 ? 0 : 1 / (1 - p)));
    expect(kept.filter((v) => v === 0).length).toBeGreaterThan(0);
    expect(values(leaf.grad as Tensor)).toEqual(kept);
  });
});

describe('Recurrence with LayerNormLSTMCell', () => {
  const T = 4;
  const N = 3;
  const I = 3;
  const H = 4;

  const build = (options: {
    numLayers?: number;
    bidirectional?: boolean;
    batchFirst?: boolean;
  }) => {
    const generator = new Generator(7);
    return new Recurrence({
      inputSize: I,
      ...options,
      cell: (_layer, _direction, inputSize) =>
        new LayerNormLSTMCell({ inputSize, hiddenSize: H, dtype: 'float64', generator }),
    });
  };

  it('gives [L, N, D·H] outputs and [numLayers·D, N, H] states (2 layers, bidirectional)', () => {
    const layer = build({ numLayers: 2, bidirectional: true });
    expect(layer.cells.map((row) => row.map((cell) => cell.inputSize))).toEqual([
      [3, 3],
      [8, 8],
    ]);
    expect(layer.parameters()).toHaveLength(2 * 2 * 9);
    expect(layer.namedParameters()[9]?.[0]).toBe('cells.0.1.weightIh');
    const x = random64(new Generator(8))([T, N, I]);
    const [output, states] = layer.forward(x);
    expect(output.shape).toEqual([T, N, 2 * H]);
    expect(states.map((s) => s.shape)).toEqual([
      [4, N, H],
      [4, N, H],
    ]);
    // The last layer's forward direction ends at step T − 1, its reverse direction at step 0.
    expect(select(states[0] as Tensor, 0, 2)).toBeAllClose(
      slice(select(output, 0, T - 1), [null, [0, H]]),
      { atol: 0, rtol: 0 },
    );
    expect(select(states[0] as Tensor, 0, 3)).toBeAllClose(
      slice(select(output, 0, 0), [null, [H, 2 * H]]),
      { atol: 0, rtol: 0 },
    );
  });

  it('keeps the [N, L, ·] layout with batchFirst', () => {
    const x = random64(new Generator(9))([T, N, I]);
    const [timeMajor, statesA] = build({ numLayers: 2 }).forward(x);
    const [batchMajor, statesB] = build({ numLayers: 2, batchFirst: true }).forward(
      x.transpose(0, 1),
    );
    expect(batchMajor.shape).toEqual([N, T, H]);
    expect(batchMajor).toBeAllClose(timeMajor.transpose(0, 1), { atol: 0, rtol: 0 });
    expect(statesB[0] as Tensor).toBeAllClose(statesA[0] as Tensor, { atol: 0, rtol: 0 });
  });

  it('with lengths: padded outputs are exactly 0, final states those of the truncated sequence', () => {
    const layer = build({ numLayers: 2, bidirectional: true });
    const lengths = [4, 1, 2];
    const x = random64(new Generator(10))([T, N, I]);
    const [output, [hN, cN]] = layer.forward(x, undefined, { lengths });
    const rows = output.toArray() as number[][][];
    lengths.forEach((length, b) => {
      for (let t = length; t < T; t++) expect(rows[t]?.[b]).toEqual(new Array(2 * H).fill(0));
      const alone = slice(x, [
        [0, length],
        [b, b + 1],
      ]);
      const [aloneOutput, [hAlone, cAlone]] = layer.forward(alone);
      const tolerance = { atol: 1e-14, rtol: 1e-12 };
      expect(
        slice(output, [
          [0, length],
          [b, b + 1],
        ]),
      ).toBeAllClose(aloneOutput, tolerance);
      expect(slice(hN as Tensor, [null, [b, b + 1]])).toBeAllClose(hAlone as Tensor, tolerance);
      expect(slice(cN as Tensor, [null, [b, b + 1]])).toBeAllClose(cAlone as Tensor, tolerance);
    });
    // The states of a padded batch differ from an unpadded run: lengths were applied.
    const [, [hFull]] = layer.forward(x);
    expect(values(hFull as Tensor)).not.toEqual(values(hN as Tensor));
  });

  it('names the expected shapes of a wrong input or state', () => {
    const layer = build({ numLayers: 2, bidirectional: true });
    const attempt = () => layer.forward(zeros([T, N, 5], { dtype: 'float64' }));
    expect(attempt).toThrow(ShapeError);
    expect(attempt).toThrow('Recurrence.forward: input must have shape [L, N, 3], got [4, 3, 5].');
    const x = zeros([T, N, I], { dtype: 'float64' });
    expect(() => layer.forward(x, [zeros([2, N, H]), zeros([4, N, H])])).toThrow(
      'Recurrence.forward: state[0] must have shape [4, 3, 4] = [numLayers·D, N, stateSizes[0]], got [2, 3, 4].',
    );
  });
});

/** A RecurrentCell that runs `lstmStepReference` on one direction of an LSTM layer. */
function referenceCell(
  parameters: DirectionParameters,
  inputSize: number,
  hiddenSize: number,
  outputSize: number,
  variant: LSTMVariant,
): RecurrentCell {
  return {
    inputSize,
    hiddenSize: outputSize,
    stateSizes: [outputSize, hiddenSize],
    step: (x, [h, c]) => lstmStepReference(x, [h as Tensor, c as Tensor], parameters, variant),
  };
}

describe('Recurrence running lstmStepReference on an LSTM layer’s weights', () => {
  const T = 4;
  const N = 3;
  const I = 3;
  const H = 4;

  const pair = (
    options: Omit<LSTMOptions, 'inputSize' | 'hiddenSize' | 'dtype'>,
    dtype: DType = 'float64',
  ) => {
    const lstm = new LSTM({
      inputSize: I,
      hiddenSize: H,
      dtype,
      generator: new Generator(11),
      ...options,
    });
    const variant = { peephole: lstm.peephole, coupled: lstm.coupled };
    const recurrence = new Recurrence({
      inputSize: I,
      numLayers: lstm.numLayers,
      bidirectional: lstm.bidirectional,
      cell: (layer, direction, inputSize) =>
        referenceCell(
          lstm.layers[layer]?.[direction] as DirectionParameters,
          inputSize,
          H,
          lstm.outputSize,
          variant,
        ),
    });
    return { lstm, recurrence };
  };

  it('gives the same output and states as LSTM.forward (one layer)', () => {
    const { lstm, recurrence } = pair({});
    const p = lstm.layers[0]?.[0] as DirectionParameters;
    expect(p.weightIh.shape).toEqual([4 * H, I]);
    const x = random64(new Generator(12))([T, N, I]);
    const [fusedOutput, [fusedH, fusedC]] = lstm.forward(x);
    const [output, [h, c]] = recurrence.forward(x);
    expect(output.shape).toEqual([T, N, H]);
    const tolerance = { atol: 1e-14, rtol: 1e-12 };
    expect(output).toBeAllClose(fusedOutput, tolerance);
    expect(h as Tensor).toBeAllClose(fusedH, tolerance);
    expect(c as Tensor).toBeAllClose(fusedC, tolerance);
  });

  it.each([
    ['plain', {}],
    ['peephole', { peephole: true }],
    ['coupled', { coupled: true }],
    ['projection', { projSize: 2 }],
  ] as const)(
    'agrees in values and gradients: 2 layers, bidirectional, lengths, initial state (%s)',
    (_label, options) => {
      const { lstm, recurrence } = pair({ numLayers: 2, bidirectional: true, ...options });
      const random = random64(new Generator(13));
      const R = lstm.outputSize;
      const x0 = random([T, N, I]);
      const h0 = random([4, N, R]);
      const c0 = random([4, N, H]);
      const lengths = [4, 2, 3];
      const run = (forward: (x: Tensor, h: Tensor, c: Tensor) => Tensor[]) => {
        lstm.zeroGrad();
        const [x, h, c] = [x0, h0, c0].map((t) => tensor(t, { requiresGrad: true })) as [
          Tensor,
          Tensor,
          Tensor,
        ];
        const outputs = forward(x, h, c);
        backwardThrough(outputs, 14);
        return { outputs, grads: [x, h, c, ...lstm.parameters()].map((t) => t.grad) };
      };
      const fused = run((x, h, c) => {
        const [output, [hN, cN]] = lstm.forward(x, [h, c], { lengths });
        return [output, hN, cN];
      });
      const unfused = run((x, h, c) => {
        const [output, states] = recurrence.forward(x, [h, c], { lengths });
        return [output, ...states];
      });
      expect(fused.outputs.map((t) => t.shape)).toEqual([
        [T, N, 2 * R],
        [4, N, R],
        [4, N, H],
      ]);
      const tolerance = { atol: 1e-13, rtol: 1e-11 };
      fused.outputs.forEach((t, k) =>
        expect(t).toBeAllClose(unfused.outputs[k] as Tensor, tolerance),
      );
      const names = ['x', 'h0', 'c0', ...lstm.stateParameters().map(([key]) => key)];
      expect(fused.grads).toHaveLength(names.length);
      fused.grads.forEach((grad, k) => {
        expect(grad, names[k]).toBeInstanceOf(Tensor);
        expect(grad as Tensor, names[k]).toBeAllClose(unfused.grads[k] as Tensor, tolerance);
      });
    },
  );
});
