// The Stepper: stepping a layer one step at a time gives what the whole-sequence forward gives,
// for every cell variant, with and without an embedding and a head, across weight changes and
// state resets; clear errors. On the wasm backend (float32) this runs its stepper kernels, on
// cpu and in float64 the modules' own forwards.
import { noGrad } from '@unroll/autograd';
import {
  ArgumentError,
  Generator,
  ShapeError,
  getThreads,
  randn,
  select,
  setThreads,
  stack,
  tensor,
  type DType,
  type Tensor,
} from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import { Embedding } from './embedding';
import { GRU } from './gru';
import { Linear } from './linear';
import { LSTM } from './lstm';
import type { RecurrentLayer } from './recurrent';
import { RNN } from './rnn';
import { Stepper } from './stepper';

const T = 5;
const N = 3;
const V = 11;

type Make = (dtype: DType, generator: Generator, batchFirst: boolean) => RecurrentLayer;
const layers: [string, Make][] = [
  [
    'LSTM, 2 layers',
    (dtype, generator, batchFirst) =>
      new LSTM({ inputSize: 6, hiddenSize: 8, numLayers: 2, batchFirst, dtype, generator }),
  ],
  [
    'LSTM, peephole',
    (dtype, generator, batchFirst) =>
      new LSTM({ inputSize: 6, hiddenSize: 8, peephole: true, batchFirst, dtype, generator }),
  ],
  [
    'LSTM, coupled',
    (dtype, generator, batchFirst) =>
      new LSTM({ inputSize: 6, hiddenSize: 8, coupled: true, batchFirst, dtype, generator }),
  ],
  [
    'LSTM, projection',
    (dtype, generator, batchFirst) =>
      new LSTM({
        inputSize: 6,
        hiddenSize: 8,
        projSize: 5,
        numLayers: 2,
        batchFirst,
        dtype,
        generator,
      }),
  ],
  [
    'GRU, reset after',
    (dtype, generator, batchFirst) =>
      new GRU({ inputSize: 6, hiddenSize: 8, numLayers: 2, batchFirst, dtype, generator }),
  ],
  [
    'GRU, reset before',
    (dtype, generator, batchFirst) =>
      new GRU({ inputSize: 6, hiddenSize: 8, resetAfter: false, batchFirst, dtype, generator }),
  ],
  [
    'RNN, tanh',
    (dtype, generator, batchFirst) =>
      new RNN({ inputSize: 6, hiddenSize: 8, numLayers: 2, batchFirst, dtype, generator }),
  ],
  [
    'RNN, relu, no bias',
    (dtype, generator, batchFirst) =>
      new RNN({
        inputSize: 6,
        hiddenSize: 8,
        nonlinearity: 'relu',
        bias: false,
        batchFirst,
        dtype,
        generator,
      }),
  ],
];

/** The layer's whole-sequence outputs `[T, N, ·]` (time-major) and final state. */
function whole(rnn: RecurrentLayer, x: Tensor): [Tensor, Tensor[]] {
  return noGrad(() => {
    const input = rnn.batchFirst ? x.transpose(0, 1) : x;
    const [output, state] = (rnn as LSTM).forward(input) as readonly [
      Tensor,
      Tensor | readonly Tensor[],
    ];
    const steps = rnn.batchFirst ? output.transpose(0, 1) : output;
    return [steps, state instanceof Array ? [...state] : [state]];
  });
}

function close(actual: Tensor, expected: Tensor, tolerance: number): void {
  const a = actual.data();
  const e = expected.data();
  expect(actual.shape).toEqual(expected.shape);
  let worst = 0;
  for (let k = 0; k < e.length; k++) worst = Math.max(worst, Math.abs(a[k]! - e[k]!));
  expect(worst).toBeLessThan(tolerance);
}

const tolerance = (dtype: DType): number => (dtype === 'float64' ? 1e-12 : 2e-5);

describe('Stepper', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    for (const [name, make] of layers) {
      for (const batchFirst of [false, true]) {
        it(`steps a ${name} (${dtype}, batchFirst ${batchFirst}) as the whole-sequence forward runs it`, () => {
          const generator = new Generator(7);
          const rnn = make(dtype, generator, batchFirst);
          const x = randn([T, N, rnn.inputSize], { dtype, generator });
          const [expected, finals] = whole(rnn, x);
          const stepper = new Stepper(rnn, { batch: N });
          const steps = Array.from({ length: T }, (_, t) => stepper.step(select(x, 0, t)));
          close(stack(steps, 0), expected, tolerance(dtype));
          const state = stepper.state;
          const got = state instanceof Array ? [...state] : [state];
          got.forEach((s, k) => close(s, finals[k]!, tolerance(dtype)));
          stepper.dispose();
        });
      }
    }

    it(`looks ids up and applies the head (${dtype})`, () => {
      const generator = new Generator(3);
      const embedding = new Embedding(V, 6, { dtype, generator });
      const rnn = new LSTM({ inputSize: 6, hiddenSize: 8, numLayers: 2, dtype, generator });
      const head = new Linear(8, V, { dtype, generator });
      const ids = [
        [1, 4, 10],
        [0, 0, 2],
        [7, 3, 3],
        [9, 5, 1],
      ];
      const [hidden] = whole(
        rnn,
        noGrad(() => embedding.forward(tensor(ids, { dtype: 'int32' }))),
      );
      const expected = noGrad(() => head.forward(hidden));
      const stepper = new Stepper(rnn, { embedding, head, batch: N });
      const steps = ids.map((row, t) =>
        t % 2 === 0 ? stepper.step(row) : stepper.step(tensor(row, { dtype: 'int32' })),
      );
      close(stack(steps, 0), expected, tolerance(dtype));
    });
  }

  it('looks ids up in a batch of one, as generation does', () => {
    const generator = new Generator(4);
    const embedding = new Embedding(V, 6, { generator });
    const rnn = new GRU({ inputSize: 6, hiddenSize: 8, batchFirst: true, generator });
    const head = new Linear(8, V, { generator });
    const ids = [3, 1, 4, 1, 5, 9];
    const timeMajor = tensor(
      ids.map((id) => [id]),
      { dtype: 'int32' },
    );
    const [hidden] = whole(
      rnn,
      noGrad(() => embedding.forward(timeMajor)),
    );
    const expected = noGrad(() => head.forward(hidden));
    const stepper = new Stepper(rnn, { embedding, head });
    close(
      stack(
        ids.map((id) => stepper.step([id])),
        0,
      ),
      expected,
      2e-5,
    );
  });

  it('carries a state set with reset(state) and starts from zeros after reset()', () => {
    const generator = new Generator(5);
    const rnn = new LSTM({ inputSize: 4, hiddenSize: 6, numLayers: 2, generator });
    const x = randn([T, N, 4], { generator });
    const h0 = randn([2, N, 6], { generator });
    const c0 = randn([2, N, 6], { generator });
    const expected = noGrad(() => rnn.forward(x, [h0, c0])[0]);
    const stepper = new Stepper(rnn, { batch: N });
    stepper.step(select(x, 0, 0));
    stepper.reset([h0, c0]);
    close(
      stack(
        Array.from({ length: T }, (_, t) => stepper.step(select(x, 0, t))),
        0,
      ),
      expected,
      2e-5,
    );
    stepper.reset();
    const fromZero = noGrad(() => rnn.forward(x)[0]);
    close(
      stack(
        Array.from({ length: T }, (_, t) => stepper.step(select(x, 0, t))),
        0,
      ),
      fromZero,
      2e-5,
    );
  });

  it('sees weights changed between steps and keeps its state', () => {
    const generator = new Generator(6);
    const rnn = new GRU({ inputSize: 4, hiddenSize: 6, generator });
    const x = randn([2, N, 4], { generator });
    const stepper = new Stepper(rnn, { batch: N });
    stepper.step(select(x, 0, 0));
    const h1 = stepper.state as Tensor;
    const p = rnn.layers[0]![0]!;
    p.weightHh.assign(randn(p.weightHh.shape, { generator }));
    const expected = noGrad(() => rnn.forward(select(x, 0, 1).reshape([1, N, 4]), h1)[0]);
    close(stepper.step(select(x, 0, 1)), select(expected, 0, 0), 2e-5);
  });

  it('runs again after dispose()', () => {
    const generator = new Generator(8);
    const rnn = new RNN({ inputSize: 4, hiddenSize: 6, generator });
    const x = randn([2, 1, 4], { generator });
    const expected = noGrad(() => rnn.forward(x)[0]);
    const stepper = new Stepper(rnn);
    const first = stepper.step(select(x, 0, 0));
    stepper.dispose();
    const second = stepper.step(select(x, 0, 1));
    close(stack([first, second], 0), expected, 2e-5);
  });

  it('steps on two threads where the backend has a pool', () => {
    const threads = getThreads();
    try {
      setThreads(2);
    } catch {
      return; // no pool here (the cpu backend's suite, a browser)
    }
    try {
      const generator = new Generator(9);
      // Large enough for the recurrent product to run on both threads.
      const rnn = new LSTM({ inputSize: 16, hiddenSize: 256, generator });
      const x = randn([3, 1, 16], { generator });
      const expected = noGrad(() => rnn.forward(x)[0]);
      const stepper = new Stepper(rnn);
      close(
        stack(
          [0, 1, 2].map((t) => stepper.step(select(x, 0, t))),
          0,
        ),
        expected,
        2e-5,
      );
    } finally {
      setThreads(threads);
    }
  });

  it('names what is wrong with its arguments', () => {
    const generator = new Generator(10);
    const rnn = new LSTM({ inputSize: 4, hiddenSize: 6, generator });
    expect(
      () => new Stepper(new LSTM({ inputSize: 4, hiddenSize: 6, bidirectional: true })),
    ).toThrow(/must be unidirectional, got bidirectional/);
    expect(() => new Stepper(rnn, { batch: 0 })).toThrow(ArgumentError);
    expect(() => new Stepper(rnn, { embedding: new Embedding(V, 5) })).toThrow(
      /embedding's width must equal the layer's inputSize 4, got 5/,
    );
    expect(() => new Stepper(rnn, { head: new Linear(5, 2) })).toThrow(
      /head's inFeatures must equal the layer's output size 6, got 5/,
    );
    const features = new Stepper(rnn, { batch: 2 });
    expect(() => features.step(randn([3, 4]))).toThrow(ShapeError);
    expect(() => features.step(randn([3, 4]))).toThrow(
      /must be a tensor of shape \[2, 4\].*got \[3, 4\]/,
    );
    expect(() => features.step([1, 2])).toThrow(/give the Stepper an embedding for ids/);
    expect(() => features.reset(randn([1, 2, 6]) as never)).toThrow(
      /state must be \[1, 2, 6\] and \[1, 2, 6\], got \[1, 2, 6\]/,
    );
    const ids = new Stepper(rnn, { embedding: new Embedding(V, 4), batch: 2 });
    expect(() => ids.step([1])).toThrow(/expected 2 token ids \(batch\), got 1/);
    expect(() => ids.step([1, V])).toThrow(`token ids must be integers in [0, ${V - 1}], got ${V}`);
    expect(() => ids.step([1, 0.5])).toThrow(/got 0.5/);
  });
});
