// An Embedding's output fed straight into a recurrent layer: the first layer reads the table
// by id (the wasm backend multiplies the table by W_ih once when it has fewer rows than the
// batch has steps). Outputs, states and every gradient must match the unfolded path, on
// every cell, layout and backend, and gradcheck through the table in float64.
import { gradcheck, retainGrad, type Parameter } from '@unroll/autograd';
import { Generator, mul, randint, sum, tensor, type DType, type Tensor } from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import { Embedding } from './embedding';
import { GRU } from './gru';
import { LSTM } from './lstm';
import type { RecurrentLayer, RecurrentOptions } from './recurrent';
import { RNN } from './rnn';

interface Case {
  name: string;
  make: (options: RecurrentOptions) => RecurrentLayer;
  options: Partial<RecurrentOptions>;
  /** ids shape: [N, T] batch-first, [T, N], or [T] unbatched. */
  ids: number[];
  vocab: number;
  lengths?: number[];
  paddingIdx?: number;
}

const cases: Case[] = [
  {
    name: 'LSTM, batch-first',
    make: (o) => new LSTM(o),
    options: { batchFirst: true },
    ids: [3, 5],
    vocab: 4,
  },
  {
    name: 'LSTM, more rows than steps',
    make: (o) => new LSTM(o),
    options: {},
    ids: [3, 2],
    vocab: 9,
  },
  {
    name: 'LSTM peephole, 2 layers, bidirectional, lengths',
    make: (o) => new LSTM({ ...o, peephole: true }),
    options: { numLayers: 2, bidirectional: true },
    ids: [4, 3],
    vocab: 5,
    lengths: [4, 2, 3],
  },
  {
    name: 'LSTM projection',
    make: (o) => new LSTM({ ...o, projSize: 3 }),
    options: {},
    ids: [4, 2],
    vocab: 3,
  },
  {
    name: 'LSTM coupled, unbatched',
    make: (o) => new LSTM({ ...o, coupled: true }),
    options: {},
    ids: [6],
    vocab: 4,
  },
  {
    name: 'GRU, padding id',
    make: (o) => new GRU(o),
    options: { batchFirst: true },
    ids: [2, 6],
    vocab: 5,
    paddingIdx: 0,
  },
  {
    name: 'GRU reset-before',
    make: (o) => new GRU({ ...o, resetAfter: false }),
    options: {},
    ids: [5, 2],
    vocab: 4,
  },
  {
    name: 'RNN relu, bidirectional',
    make: (o) => new RNN({ ...o, nonlinearity: 'relu' }),
    options: { bidirectional: true },
    ids: [5, 2],
    vocab: 6,
  },
];

function build(c: Case, dtype: DType, seed: number) {
  const generator = new Generator(seed);
  const embedding = new Embedding(c.vocab, 4, {
    dtype,
    generator,
    ...(c.paddingIdx === undefined ? {} : { paddingIdx: c.paddingIdx }),
  });
  const layer = c.make({ inputSize: 4, hiddenSize: 5, dtype, generator, ...c.options });
  const ids = randint(0, c.vocab, c.ids, { generator });
  return { embedding, layer, ids };
}

/** Output, final states, and every gradient, with the lookup folded or (×1) not. */
function run(c: Case, dtype: DType, fold: boolean) {
  const { embedding, layer, ids } = build(c, dtype, 7);
  const looked = retainGrad(embedding.forward(ids));
  const input = fold ? looked : mul(looked, 1);
  const options = c.lengths === undefined ? {} : { lengths: c.lengths };
  const [output, state] =
    layer instanceof LSTM
      ? layer.forward(input, undefined, options)
      : (layer as RNN).forward(input, undefined, options);
  const states = Array.isArray(state) ? (state as Tensor[]) : [state as Tensor];
  // A loss that weighs every output and final state differently.
  const weigh = (t: Tensor, k: number) => sum(mul(t, t.add(0.1 * (k + 1))));
  let loss = weigh(output, 0);
  states.forEach((s, k) => (loss = loss.add(weigh(s, k + 1))));
  loss.backward();
  const parameters = [embedding.weight, ...layer.parameters()] as Parameter[];
  return {
    // Folded, the layer reads the table itself: nothing flows back through the lookup's output.
    lookupGradient: looked.grad !== null && looked.grad !== undefined,
    values: [output, ...states].map((t) => Array.from(t.data())),
    grads: parameters.map((p) => Array.from(p.grad?.data() ?? [])),
  };
}

describe('an Embedding output into a recurrent layer', () => {
  for (const c of cases) {
    for (const dtype of ['float32', 'float64'] as const) {
      it(`${c.name} (${dtype}): same outputs and gradients as the unfolded lookup`, () => {
        const folded = run(c, dtype, true);
        const plain = run(c, dtype, false);
        expect([folded.lookupGradient, plain.lookupGradient]).toEqual([false, true]);
        const tolerance =
          dtype === 'float32' ? { atol: 2e-5, rtol: 1e-4 } : { atol: 1e-12, rtol: 1e-10 };
        folded.values.forEach((v, k) => expect(v).toBeAllClose(plain.values[k]!, tolerance));
        expect(folded.grads.length).toBe(plain.grads.length);
        folded.grads.forEach((g, k) => {
          expect(g.length).toBeGreaterThan(0);
          expect(g).toBeAllClose(plain.grads[k]!, tolerance);
        });
        if (c.paddingIdx !== undefined) {
          const row = folded.grads[0]!.slice(c.paddingIdx * 4, (c.paddingIdx + 1) * 4);
          expect(row).toEqual([0, 0, 0, 0]);
        }
      });
    }
  }

  it('never copies the looked-up vectors when only the layer reads them', () => {
    const c = cases[0]!;
    const { embedding, layer, ids } = build(c, 'float32', 5);
    const looked = embedding.forward(ids);
    const [output] = (layer as LSTM).forward(looked);
    output.sum().backward();
    // The lookup's copy is deferred until read: the layer read the table by id instead.
    expect(ids.size).toBeGreaterThanOrEqual(embedding.numEmbeddings);
    expect(looked.deferred).toBe(true);
    expect(embedding.weight.grad).not.toBeNull();
    expect(Array.from(looked.data())).toEqual(
      Array.from(ids.data()).flatMap((id) =>
        Array.from(embedding.weight.data().slice(id * 4, id * 4 + 4)),
      ),
    );
    expect(looked.deferred).toBe(false);
  });

  it('copies a lookup at once when its table is larger than it (holding the table would cost more)', () => {
    const embedding = new Embedding(50, 4, { generator: new Generator(2) });
    const looked = embedding.forward(tensor([[1, 2, 3]], { dtype: 'int32' }));
    expect(looked.deferred).toBe(false);
  });

  it('gradchecks through the table in float64', () => {
    const c = cases[2]!;
    const { embedding, layer, ids } = build(c, 'float64', 11);
    const result = gradcheck(
      (table) => {
        embedding.weight = table as Parameter;
        const [output, [h, cN]] = (layer as LSTM).forward(embedding.forward(ids), undefined, {
          lengths: c.lengths!,
        });
        return [output, h, cN];
      },
      [embedding.weight],
    );
    expect(result.passed, result.message).toBe(true);
  });
});
