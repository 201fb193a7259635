// Builds each workload's model and one call (a training step, a generation, a forward pass)
// with the public API, exactly as a user would.
import { Embedding, GRU, LSTM, Linear, RNN, Stepper, type LSTMState } from '@unroll/architectures';
import { noGrad } from '@unroll/autograd';
import { Module } from '@unroll/cells';
import { Generator, randint, randn, select, type Tensor } from '@unroll/tensor';
import { Adam, crossEntropy, mse } from '@unroll/training';
import type { Workload } from './workloads';

type Recurrent = LSTM | GRU | RNN;
type State = Tensor | LSTMState;

class BenchModel extends Module {
  embedding: Embedding | null;
  rnn: Recurrent;
  head: Linear;

  constructor(
    readonly workload: Workload,
    generator: Generator,
  ) {
    super();
    const { vocab, inputSize, hidden, layers, cell } = workload;
    this.embedding = vocab === undefined ? null : new Embedding(vocab, hidden, { generator });
    const options = {
      inputSize: vocab === undefined ? (inputSize ?? 1) : hidden,
      hiddenSize: hidden,
      numLayers: layers,
      batchFirst: true,
      generator,
    };
    this.rnn =
      cell === 'lstm' ? new LSTM(options) : cell === 'gru' ? new GRU(options) : new RNN(options);
    this.head = new Linear(hidden, vocab ?? 1, { generator });
  }

  /** Outputs of every step `[N, L, hidden]`, and the final state. */
  run(x: Tensor, state?: State): readonly [Tensor, State] {
    const input = this.embedding === null ? x : this.embedding.forward(x);
    return this.rnn instanceof LSTM
      ? this.rnn.forward(input, state as LSTMState | undefined)
      : this.rnn.forward(input, state as Tensor | undefined);
  }
}

/** A prepared workload: call it to run one timed call. */
export interface PreparedWorkload {
  call: () => void;
  /** Tokens one call processes (batch × steps). */
  tokens: number;
}

/** Builds the model, the data (once) and the timed call of a workload. */
export function prepare(workload: Workload, seed = 1234): PreparedWorkload {
  const generator = new Generator(seed);
  const model = new BenchModel(workload, generator);
  const { batch, seqLen, vocab } = workload;
  const tokens = batch * seqLen;
  if (workload.kind === 'train') {
    const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
    const lm = vocab !== undefined && workload.loss !== 'mse';
    const x = lm
      ? randint(0, vocab, [batch, seqLen], { generator })
      : randn([batch, seqLen, workload.inputSize ?? 1], { generator });
    const y = lm
      ? randint(0, vocab, [batch, seqLen], { generator })
      : randn([batch, 1], { generator });
    return {
      tokens,
      call: () => {
        const [output] = model.run(x);
        const loss = lm
          ? crossEntropy(model.head.forward(output).reshape([-1, vocab]), y.reshape([-1]))
          : mse(model.head.forward(select(output, 1, seqLen - 1)), y);
        model.zeroGrad();
        loss.backward();
        noGrad(() => optimizer.step());
      },
    };
  }
  if (workload.kind === 'forward') {
    const x = randint(0, vocab ?? 1, [batch, seqLen], { generator });
    return { tokens, call: () => void noGrad(() => model.head.forward(model.run(x)[0]).data()) };
  }
  // Generation: sample one token at a time from the softmax, state carried, from token 0, with
  // the Stepper a user runs for generation (made once, like the model).
  const stepper = new Stepper(model.rnn, {
    embedding: model.embedding ?? undefined,
    head: model.head,
  });
  const weights = new Float64Array(vocab ?? 1);
  return {
    tokens: seqLen,
    call: () => {
      stepper.reset();
      let token = 0;
      for (let step = 0; step < seqLen; step++) {
        const logits = stepper.step([token]).data();
        let max = -Infinity;
        for (const value of logits) max = Math.max(max, value);
        let total = 0;
        for (let k = 0; k < logits.length; k++) {
          weights[k] = Math.exp(logits[k]! - max);
          total += weights[k]!;
        }
        let threshold = generator.nextFloat64() * total;
        token = weights.length - 1;
        for (let k = 0; k < weights.length; k++) {
          threshold -= weights[k]!;
          if (threshold <= 0) {
            token = k;
            break;
          }
        }
      }
    },
  };
}
