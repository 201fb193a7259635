// The recurrent layers: gradcheck in float64 through stacked, bidirectional, variable-length
// and projected layers against the input, the initial states and every parameter; the
// properties PyTorch users rely on; clear errors; traces.
import { gradcheck, type Parameter } from '@unroll/autograd';
import { LSTMCell } from '@unroll/cells';
import {
  Generator,
  ShapeError,
  flip,
  randn,
  select,
  setWarningHandler,
  tensor,
  uniform,
  zeros,
  type Tensor,
} from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import { GRU } from './gru';
import { LSTM } from './lstm';
import type { RecurrentLayer } from './recurrent';
import { RNN } from './rnn';

const generator = new Generator(99);
const random = (shape: number[]): Tensor =>
  uniform(shape, -0.9, 0.9, { dtype: 'float64', generator });

/** Runs `fn` with the layer's parameters replaced by `values` (in stateDict order). */
function withParameters<T>(layer: RecurrentLayer, values: readonly Tensor[], fn: () => T): T {
  const slots: [Record<string, unknown>, string, unknown][] = [];
  for (const directions of layer.layers) {
    for (const p of directions) {
      for (const [key, value] of Object.entries(p))
        if (value !== null) slots.push([p as unknown as Record<string, unknown>, key, value]);
    }
  }
  slots.forEach(([owner, key], k) => (owner[key] = values[k]));
  try {
    return fn();
  } finally {
    for (const [owner, key, value] of slots) owner[key] = value;
  }
}

/** gradcheck of a layer against input, states and every parameter. */
function layerGradcheck(
  layer: RecurrentLayer,
  input: Tensor,
  states: Tensor[],
  lengths?: number[],
) {
  const parameters = layer.stateParameters();
  const names = [
    'input',
    ...states.map((_, k) => (k === 0 ? 'h0' : 'c0')),
    ...parameters.map(([key]) => key),
  ];
  const inputs = [input, ...states, ...parameters.map(([, p]) => p as Tensor)];
  return gradcheck(
    (x, ...rest) => {
      const state = rest.slice(0, states.length);
      return withParameters(layer, rest.slice(states.length), () => {
        if (layer instanceof LSTM) {
          const [output, [h, c]] = layer.forward(x, [state[0]!, state[1]!], { lengths });
          return [output, h, c];
        }
        const [output, h] = (layer as RNN).forward(x, state[0], { lengths });
        return [output, h];
      });
    },
    inputs,
    { names },
  );
}

describe('gradcheck of whole layers in float64', () => {
  const T = 3;
  const N = 2;
  it.each([
    [
      'LSTM, 2 layers, bidirectional, with lengths',
      new LSTM({
        inputSize: 2,
        hiddenSize: 3,
        numLayers: 2,
        bidirectional: true,
        dtype: 'float64',
      }),
      [3, 2],
    ],
    [
      'LSTM with projection, 2 layers, batch-first',
      new LSTM({
        inputSize: 2,
        hiddenSize: 3,
        projSize: 2,
        numLayers: 2,
        batchFirst: true,
        dtype: 'float64',
      }),
      undefined,
    ],
    [
      'LSTM peephole, bidirectional, with lengths',
      new LSTM({
        inputSize: 2,
        hiddenSize: 3,
        peephole: true,
        bidirectional: true,
        dtype: 'float64',
      }),
      [1, 3],
    ],
    [
      'LSTM coupled, 2 layers',
      new LSTM({ inputSize: 2, hiddenSize: 3, coupled: true, numLayers: 2, dtype: 'float64' }),
      undefined,
    ],
    [
      'GRU reset-before, bidirectional, with lengths',
      new GRU({
        inputSize: 2,
        hiddenSize: 3,
        resetAfter: false,
        bidirectional: true,
        dtype: 'float64',
      }),
      [2, 3],
    ],
    [
      'GRU, 2 layers, no bias',
      new GRU({ inputSize: 2, hiddenSize: 3, numLayers: 2, bias: false, dtype: 'float64' }),
      undefined,
    ],
    [
      'RNN relu, 2 layers, bidirectional',
      new RNN({
        inputSize: 2,
        hiddenSize: 3,
        nonlinearity: 'relu',
        numLayers: 2,
        bidirectional: true,
        dtype: 'float64',
      }),
      [3, 1],
    ],
  ] as const)('%s', (_name, layer, lengths) => {
    const D = layer.numDirections;
    const input = random(layer.batchFirst ? [N, T, 2] : [T, N, 2]);
    const states = [random([layer.numLayers * D, N, layer.outputSize])];
    if (layer instanceof LSTM) states.push(random([layer.numLayers * D, N, layer.hiddenSize]));
    expect(
      layerGradcheck(layer, input, states, lengths ? [...lengths] : undefined),
    ).toPassGradcheck();
  });
});

describe('properties', () => {
  it('an LSTM over one step equals one LSTMCell step', () => {
    const lstm = new LSTM({
      inputSize: 3,
      hiddenSize: 4,
      peephole: true,
      dtype: 'float64',
      generator,
    });
    const cell = new LSTMCell({ inputSize: 3, hiddenSize: 4, peephole: true, dtype: 'float64' });
    cell.loadStateDict(
      new Map([...lstm.stateDict()].map(([key, value]) => [key.replace(/_l0$/, ''), value])),
    );
    const x = random([1, 2, 3]);
    const [h0, c0] = [random([1, 2, 4]), random([1, 2, 4])];
    const [output, [hN, cN]] = lstm.forward(x, [h0, c0]);
    const [h, c] = cell.forward(select(x, 0, 0), [select(h0, 0, 0), select(c0, 0, 0)]);
    expect(select(output, 0, 0)).toBeAllClose(h, { atol: 1e-14, rtol: 1e-12 });
    expect(select(hN, 0, 0)).toBeAllClose(h, { atol: 1e-14, rtol: 1e-12 });
    expect(select(cN, 0, 0)).toBeAllClose(c, { atol: 1e-14, rtol: 1e-12 });
  });

  it.each([
    [
      'LSTM',
      () =>
        new LSTM({
          inputSize: 3,
          hiddenSize: 4,
          numLayers: 2,
          bidirectional: true,
          dtype: 'float64',
        }),
    ],
    ['GRU', () => new GRU({ inputSize: 3, hiddenSize: 4, dtype: 'float64' })],
  ])('%s: unbatched input equals a batch of one', (_name, make) => {
    const layer = make();
    const x = random([5, 3]);
    const run = (input: Tensor) =>
      layer instanceof LSTM ? layer.forward(input) : layer.forward(input);
    const [single, singleState] = run(x);
    const [batched, batchedState] = run(x.reshape([5, 1, 3]));
    expect(single.shape).toEqual([5, layer.numDirections * 4]);
    expect(single).toBeAllClose(batched.reshape(single.shape), { atol: 0, rtol: 0 });
    const [h1, h2] = [
      Array.isArray(singleState) ? singleState[0] : singleState,
      Array.isArray(batchedState) ? batchedState[0] : batchedState,
    ] as Tensor[];
    expect(h1!.shape).toEqual([layer.numLayers * layer.numDirections, 4]);
    expect(h1).toBeAllClose(h2!.reshape(h1!.shape), { atol: 0, rtol: 0 });
  });

  it('a bidirectional layer on the reversed sequence mirrors its outputs (directions swapped)', () => {
    const layer = new GRU({
      inputSize: 2,
      hiddenSize: 3,
      bidirectional: true,
      dtype: 'float64',
      generator,
    });
    const swapped = new GRU({ inputSize: 2, hiddenSize: 3, bidirectional: true, dtype: 'float64' });
    swapped.loadStateDict(
      new Map(
        [...layer.stateDict()].map(([key, value]) => [
          key.endsWith('_reverse') ? key.replace('_reverse', '') : `${key}_reverse`,
          value,
        ]),
      ),
    );
    const x = random([4, 2, 2]);
    const [output] = layer.forward(x);
    const [mirrored] = swapped.forward(flip(x, 0));
    const [forwardHalf, reverseHalf] = flip(mirrored, 0).split(3, -1) as [Tensor, Tensor];
    expect(reverseHalf).toBeAllClose(output.split(3, -1)[0]!, { atol: 1e-14, rtol: 1e-12 });
    expect(forwardHalf).toBeAllClose(output.split(3, -1)[1]!, { atol: 1e-14, rtol: 1e-12 });
  });

  it('stateDict → loadStateDict round trips exactly', () => {
    const a = new LSTM({
      inputSize: 3,
      hiddenSize: 4,
      projSize: 2,
      numLayers: 2,
      bidirectional: true,
    });
    const b = new LSTM({
      inputSize: 3,
      hiddenSize: 4,
      projSize: 2,
      numLayers: 2,
      bidirectional: true,
    });
    b.loadStateDict(a.stateDict());
    for (const [key, value] of a.stateDict())
      expect(b.stateDict().get(key)).toBeAllClose(value, { atol: 0, rtol: 0 });
    const x = randn([3, 2, 3]);
    expect(b.forward(x)[0]).toBeAllClose(a.forward(x)[0], { atol: 0, rtol: 0 });
  });

  it('uses PyTorch keys in named_parameters order', () => {
    const lstm = new LSTM({ inputSize: 3, hiddenSize: 4, projSize: 2, bidirectional: true });
    expect([...lstm.stateDict().keys()]).toEqual([
      'weight_ih_l0',
      'weight_hh_l0',
      'bias_ih_l0',
      'bias_hh_l0',
      'weight_hr_l0',
      'weight_ih_l0_reverse',
      'weight_hh_l0_reverse',
      'bias_ih_l0_reverse',
      'bias_hh_l0_reverse',
      'weight_hr_l0_reverse',
    ]);
    expect(
      [...new LSTM({ inputSize: 1, hiddenSize: 2, peephole: true }).stateDict().keys()].slice(4),
    ).toEqual(['peephole_i_l0', 'peephole_f_l0', 'peephole_o_l0']);
  });

  it('batchFirst changes input and output layouts but never the states', () => {
    const timeMajor = new LSTM({ inputSize: 2, hiddenSize: 3, dtype: 'float64', generator });
    const batchMajor = new LSTM({
      inputSize: 2,
      hiddenSize: 3,
      batchFirst: true,
      dtype: 'float64',
    });
    batchMajor.loadStateDict(timeMajor.stateDict());
    const x = random([4, 2, 2]);
    const [a, [ha]] = timeMajor.forward(x);
    const [b, [hb]] = batchMajor.forward(x.transpose(0, 1));
    expect(b).toBeAllClose(a.transpose(0, 1), { atol: 0, rtol: 0 });
    expect(hb.shape).toEqual([1, 2, 3]);
    expect(hb).toBeAllClose(ha, { atol: 0, rtol: 0 });
  });

  it('runs each layer and direction as one fused node', () => {
    const [output] = new LSTM({ inputSize: 2, hiddenSize: 3 }).forward(randn([50, 2, 2]).mul(1));
    const x = randn([50, 2, 2]);
    x.requiresGrad = true;
    expect(new LSTM({ inputSize: 2, hiddenSize: 3 }).forward(x)[0].gradFn?.name).toBe('LSTM');
    expect(output.shape).toEqual([50, 2, 3]);
  });

  it('forgetBias sets the effective forget bias', () => {
    const lstm = new LSTM({ inputSize: 2, hiddenSize: 3, forgetBias: 1 });
    const biasIh = lstm.stateDict().get('bias_ih_l0')!.data();
    const biasHh = lstm.stateDict().get('bias_hh_l0')!.data();
    expect(Array.from(biasIh.slice(3, 6))).toEqual([1, 1, 1]);
    expect(Array.from(biasHh.slice(3, 6))).toEqual([0, 0, 0]);
  });

  it('applies dropout between layers only in training mode', () => {
    const lstm = new LSTM({
      inputSize: 2,
      hiddenSize: 8,
      numLayers: 2,
      dropout: 0.5,
      generator: new Generator(1),
    });
    const x = randn([4, 2, 2]);
    const first = lstm.forward(x)[0];
    const second = lstm.forward(x)[0];
    expect(first.sub(second).abs().max().item()).toBeGreaterThan(0);
    lstm.eval();
    expect(lstm.forward(x)[0]).toBeAllClose(lstm.forward(x)[0], { atol: 0, rtol: 0 });
  });
});

describe('errors name the problem', () => {
  const lstm = new LSTM({ inputSize: 3, hiddenSize: 4, numLayers: 2 });
  it('wrong input size', () => {
    expect(() => lstm.forward(zeros([5, 2, 7]))).toThrow(
      'LSTM.forward: input must have shape [L, N, 3] (batchFirst false) or [L, 3] (unbatched), got [5, 2, 7].',
    );
  });

  it('wrong state shape, with both shapes and the formula', () => {
    const attempt = () => lstm.forward(zeros([5, 8, 3]), [zeros([1, 8, 4]), zeros([2, 8, 4])]);
    expect(attempt).toThrow(ShapeError);
    expect(attempt).toThrow(
      'LSTM.forward: h0 (hidden state) must have shape [2, 8, 4] = [numLayers·D, N, H_out], got [1, 8, 4].',
    );
    expect(() => lstm.forward(zeros([5, 8, 3]), [zeros([2, 8, 4]), zeros([2, 8, 5])])).toThrow(
      'LSTM.forward: c0 (cell state) must have shape [2, 8, 4] = [numLayers·D, N, hiddenSize], got [2, 8, 5].',
    );
  });

  it('lengths out of range or not integers', () => {
    const x = zeros([5, 2, 3]);
    expect(() => lstm.forward(x, undefined, { lengths: [5, 6] })).toThrow(
      'LSTM.forward: lengths[1] must be an integer in [1, 5] (the sequence length L), got 6.',
    );
    expect(() => lstm.forward(x, undefined, { lengths: [0, 2] })).toThrow(
      'lengths[0] must be an integer in [1, 5]',
    );
    expect(() => lstm.forward(x, undefined, { lengths: [2.5, 2] })).toThrow('got 2.5');
    expect(() => lstm.forward(x, undefined, { lengths: [2] })).toThrow(
      'LSTM.forward: lengths must hold one length per sequence (N = 2), got 1 values.',
    );
  });

  it('a state dict from another architecture', () => {
    const gru = new GRU({ inputSize: 3, hiddenSize: 4, numLayers: 2 });
    expect(() => lstm.loadStateDict(gru.stateDict())).toThrow(
      /LSTM\.loadStateDict: the state dict does not fit this LSTM: weight_ih_l0 has shape \[12, 3\] but the model expects \[16, 3\]/,
    );
  });

  it('an input whose dtype differs from the parameters', () => {
    expect(() => lstm.forward(zeros([5, 2, 3], { dtype: 'float64' }))).toThrow(
      "LSTM.forward: input must have the parameters' dtype float32, got float64. Hint: cast with input.to('float32'), or build the layer with dtype 'float64'.",
    );
  });

  it('warns once about dropout with a single layer', () => {
    const messages: string[] = [];
    const previous = setWarningHandler((code, message) => messages.push(`${code}: ${message}`));
    try {
      new GRU({ inputSize: 1, hiddenSize: 2, dropout: 0.3 });
      new GRU({ inputSize: 1, hiddenSize: 2, dropout: 0.3 });
    } finally {
      setWarningHandler(previous);
    }
    expect(messages).toEqual([
      'recurrent-dropout-one-layer: GRU: dropout=0.3 with numLayers=1 does nothing: dropout acts between layers.',
    ]);
  });

  it('bad options', () => {
    expect(() => new LSTM({ inputSize: 3, hiddenSize: 4, projSize: 4 })).toThrow(
      'LSTM: projSize must be an integer in [0, hiddenSize) = [0, 4), got 4.',
    );
    expect(() => new GRU({ inputSize: 0, hiddenSize: 4 })).toThrow(
      'GRU: inputSize must be a positive integer, got 0.',
    );
    expect(() => new RNN({ inputSize: 1, hiddenSize: 4, dropout: 1 })).toThrow(
      'RNN: dropout must be a number in [0, 1), got 1.',
    );
  });
});

describe('traces', () => {
  it('return every layer and direction with documented time-major layouts', () => {
    const lstm = new LSTM({
      inputSize: 2,
      hiddenSize: 3,
      numLayers: 2,
      bidirectional: true,
      dtype: 'float64',
      generator,
    });
    const x = random([4, 2, 2]);
    const [output, [, cN], trace] = lstm.forward(x, undefined, { trace: true, lengths: [4, 2] });
    expect(trace.kind).toBe('LSTM');
    expect(trace.layers.map((l) => [l.layer, l.direction])).toEqual([
      [0, 'forward'],
      [0, 'reverse'],
      [1, 'forward'],
      [1, 'reverse'],
    ]);
    const last = trace.layers[2]!;
    expect(Object.keys(last.gates)).toEqual(['i', 'f', 'g', 'o']);
    expect(last.gates.i!.length).toBe(4 * 2 * 3);
    // h of the last layer's forward direction is the first half of the output, step by step.
    const h = tensor(Array.from(last.h), { dtype: 'float64' }).reshape([4, 2, 3]);
    expect(h).toBeAllClose(output.split(3, -1)[0]!, { atol: 1e-6 });
    // Sequence 1 has 2 steps: its trace is 0 after that, and its cN is c at step 1.
    expect(Array.from(last.c!.slice((2 * 2 + 1) * 3, (2 * 2 + 2) * 3))).toEqual([0, 0, 0]);
    expect(
      tensor(Array.from(last.c!.slice((1 * 2 + 1) * 3, (1 * 2 + 2) * 3)), { dtype: 'float64' }),
    ).toBeAllClose(select(select(cN, 0, 2), 0, 1), { atol: 1e-6 });
    const gateValues = Object.values(last.gates).flatMap((g) => Array.from(g));
    expect(Math.min(...gateValues)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...gateValues)).toBeLessThanOrEqual(1);
  });

  it('name GRU gates r, z, n', () => {
    const [, , trace] = new GRU({ inputSize: 2, hiddenSize: 3 }).forward(
      randn([3, 1, 2]),
      undefined,
      { trace: true },
    );
    expect(Object.keys(trace.layers[0]!.gates)).toEqual(['r', 'z', 'n']);
    expect(trace.layers[0]!.c).toBeNull();
  });
});

void ({} as Parameter);
