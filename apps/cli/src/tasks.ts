// `unroll train --task …`: small models on the built-in synthetic tasks with known answers,
// trained with the same Trainer, and a report of how far below the trivial baseline they got.
import { Embedding, GRU, LSTM, Linear, RNN, type LSTMState } from '@unroll/architectures';
import { noGrad } from '@unroll/autograd';
import { Module } from '@unroll/cells';
import { Generator, argmax, equal, indexSelect, select, tensor, type Tensor } from '@unroll/tensor';
import {
  Adam,
  Trainer,
  addingProblem,
  additionTask,
  bracketsTask,
  copyTask,
  crossEntropy,
  mse,
  noisySine,
} from '@unroll/training';

/** The flags a task run reads. */
export interface TaskFlags {
  cell: 'lstm' | 'gru' | 'rnn';
  hidden: number;
  layers: number;
  steps: number;
  batch: number;
  lr: number;
  clip: number;
  seed: number;
  logFormat: 'text' | 'json';
}

type Recurrent = LSTM | GRU | RNN;
type State = Tensor | LSTMState;

function recurrent(flags: TaskFlags, inputSize: number, generator: Generator): Recurrent {
  const options = {
    inputSize,
    hiddenSize: flags.hidden,
    numLayers: flags.layers,
    batchFirst: true,
    generator,
  };
  return flags.cell === 'lstm'
    ? new LSTM(options)
    : flags.cell === 'gru'
      ? new GRU(options)
      : new RNN(options);
}

/** Runs a recurrent layer and returns its outputs and final h (last layer). */
function run(
  rnn: Recurrent,
  x: Tensor,
  state?: State,
  lengths?: number[],
): { output: Tensor; h: Tensor; state: State } {
  if (rnn instanceof LSTM) {
    const [output, next] = rnn.forward(x, state as LSTMState | undefined, { lengths });
    return { output, h: select(next[0], 0, next[0].shape[0]! - 1), state: next };
  }
  const [output, next] = rnn.forward(x, state as Tensor | undefined, { lengths });
  return { output, h: select(next, 0, next.shape[0]! - 1), state: next };
}

class TaskModel extends Module {
  constructor(readonly parts: Record<string, Module>) {
    super();
  }
}

interface TaskSetup {
  model: Module;
  /** Loss on a minibatch of example indices. */
  loss: (rows: Tensor) => Tensor;
  /** A one-line report on held-out data. */
  report: () => string;
  trainCount: number;
}

const rowsOf = (t: Tensor, rows: Tensor): Tensor => indexSelect(t, 0, rows);
const fraction = (hits: Tensor): number => hits.to('float32').mean().item();

const setups = {
  adding(flags: TaskFlags, g: Generator): TaskSetup {
    const train = addingProblem({ length: 30, count: 2048, generator: g });
    const test = addingProblem({ length: 30, count: 512, generator: g });
    const rnn = recurrent(flags, 2, g);
    const head = new Linear(flags.hidden, 1, { generator: g });
    const predict = (x: Tensor) => head.forward(run(rnn, x).h);
    return {
      model: new TaskModel({ rnn, head }),
      trainCount: 2048,
      loss: (rows) => mse(predict(rowsOf(train.inputs, rows)), rowsOf(train.targets, rows)),
      report: () =>
        `adding problem (length 30): test MSE ${mse(predict(test.inputs), test.targets).item().toFixed(4)} (trivial baseline 0.167)`,
    };
  },
  copy(flags: TaskFlags, g: Generator): TaskSetup {
    const options = { length: 5, delay: 10, symbols: 8, generator: g };
    const train = copyTask({ ...options, count: 2048 });
    const test = copyTask({ ...options, count: 512 });
    const embed = new Embedding(train.vocabSize, 16, { generator: g });
    const rnn = recurrent(flags, 16, g);
    const head = new Linear(flags.hidden, train.vocabSize, { generator: g });
    const logits = (x: Tensor) => head.forward(run(rnn, embed.forward(x)).output);
    const V = train.vocabSize;
    return {
      model: new TaskModel({ embed, rnn, head }),
      trainCount: 2048,
      loss: (rows) =>
        crossEntropy(
          logits(rowsOf(train.inputs, rows)).reshape([-1, V]),
          rowsOf(train.targets, rows).reshape([-1]),
        ),
      report: () => {
        const recall = (t: Tensor) => t.slice([null, [-5, null]]);
        const hits = equal(recall(argmax(logits(test.inputs), -1)), recall(test.targets));
        return `copy task (5 symbols after a delay of 10): recall accuracy ${(100 * fraction(hits)).toFixed(1)}% (chance 12.5%)`;
      },
    };
  },
  brackets(flags: TaskFlags, g: Generator): TaskSetup {
    const train = bracketsTask({ maxLength: 16, count: 2048, generator: g });
    const test = bracketsTask({ maxLength: 16, count: 512, generator: g });
    const embed = new Embedding(train.vocabSize, 8, { generator: g });
    const rnn = recurrent(flags, 8, g);
    const head = new Linear(flags.hidden, 2, { generator: g });
    const classify = (x: Tensor, lengths: number[]) =>
      head.forward(run(rnn, embed.forward(x), undefined, lengths).h);
    const lengthsOf = (all: number[], rows: Tensor) => Array.from(rows.data(), (r) => all[r]!);
    return {
      model: new TaskModel({ embed, rnn, head }),
      trainCount: 2048,
      loss: (rows) =>
        crossEntropy(
          classify(rowsOf(train.inputs, rows), lengthsOf(train.lengths, rows)),
          rowsOf(train.labels, rows),
        ),
      report: () => {
        const hits = equal(argmax(classify(test.inputs, test.lengths), -1), test.labels);
        return `balanced brackets (length ≤ 16): test accuracy ${(100 * fraction(hits)).toFixed(1)}% (majority baseline about 50%)`;
      },
    };
  },
  addition(flags: TaskFlags, g: Generator): TaskSetup {
    const train = additionTask({ maxDigits: 2, count: 4096, generator: g });
    const test = additionTask({ maxDigits: 2, count: 512, generator: g });
    const V = train.tokenizer.vocabSize;
    const embed = new Embedding(V, 16, { generator: g });
    const encoder = recurrent(flags, 16, g);
    const decoder = recurrent(flags, 16, g);
    const head = new Linear(flags.hidden, V, { generator: g });
    const encode = (x: Tensor, lengths: number[]) =>
      run(encoder, embed.forward(x), undefined, lengths).state;
    const lengthsOf = (all: number[], rows: Tensor) => Array.from(rows.data(), (r) => all[r]!);
    return {
      model: new TaskModel({ embed, encoder, decoder, head }),
      trainCount: 4096,
      loss: (rows) => {
        const state = encode(
          rowsOf(train.encoderInputs, rows),
          lengthsOf(train.encoderLengths, rows),
        );
        const logits = head.forward(
          run(decoder, embed.forward(rowsOf(train.decoderInputs, rows)), state).output,
        );
        return crossEntropy(
          logits.reshape([-1, V]),
          rowsOf(train.decoderTargets, rows).reshape([-1]),
        );
      },
      report: () => {
        // Greedy decoding from '=' with the encoder's final state.
        let state = encode(test.encoderInputs, test.encoderLengths);
        let token = tensor(
          Array.from({ length: 512 }, () => [test.startId]),
          { dtype: 'int32' },
        );
        const steps: Tensor[] = [];
        for (let t = 0; t < test.decoderTargets.shape[1]!; t++) {
          const step = run(decoder, embed.forward(token), state);
          state = step.state;
          token = argmax(head.forward(step.output), -1);
          steps.push(token);
        }
        const predicted = steps.map((s) => s.data());
        let exact = 0;
        test.answers.forEach((answer, row) => {
          const text = train.tokenizer
            .decode(predicted.map((column) => column[row]!))
            .split(' ')[0];
          if (text === answer) exact++;
        });
        return `addition (up to 2 digits, "12+34" → "46"): exact answers ${((100 * exact) / 512).toFixed(1)}% (a guess ignoring the problem: under 10%)`;
      },
    };
  },
  sine(flags: TaskFlags, g: Generator): TaskSetup {
    const train = noisySine({ length: 20, count: 2048, noise: 0.1, generator: g });
    const test = noisySine({ length: 20, count: 512, noise: 0.1, generator: g });
    const rnn = recurrent(flags, 1, g);
    const head = new Linear(flags.hidden, 1, { generator: g });
    const predict = (x: Tensor) => head.forward(run(rnn, x).h);
    return {
      model: new TaskModel({ rnn, head }),
      trainCount: 2048,
      loss: (rows) => mse(predict(rowsOf(train.inputs, rows)), rowsOf(train.targets, rows)),
      report: () =>
        `noisy sine (next value after 20): test MSE ${mse(predict(test.inputs), test.targets).item().toFixed(4)} (repeating the last value: about 0.069; the noise floor: 0.010)`,
    };
  },
} satisfies Record<string, (flags: TaskFlags, generator: Generator) => TaskSetup>;

/** The task names `--task` accepts. */
export const TASKS = setups;
/** A task name. */
export type TaskName = keyof typeof setups;

/** Trains a model on a synthetic task and prints its held-out result. */
export async function trainTask(name: TaskName, flags: TaskFlags): Promise<void> {
  const generator = new Generator(flags.seed);
  const setup = setups[name](flags, generator);
  const optimizer = new Adam(setup.model.parameters(), { lr: flags.lr });
  const trainer = new Trainer<Tensor>({
    model: setup.model,
    optimizer,
    clip: { maxNorm: flags.clip },
    loss: (rows) => ({ loss: setup.loss(rows) }),
  });
  trainer.on('step-end', (event) => {
    if (flags.logFormat === 'json')
      process.stdout.write(`${JSON.stringify({ step: event.step, loss: event.loss })}\n`);
    else if (event.step % Math.max(1, Math.floor(flags.steps / 10)) === 0)
      process.stderr.write(`step ${event.step}/${flags.steps}  loss ${event.loss.toFixed(4)}\n`);
  });
  const batch = Math.min(flags.batch, setup.trainCount);
  const minibatches = function* (): Iterable<Tensor> {
    const order = Array.from({ length: setup.trainCount }, (_, k) => k);
    for (let k = order.length - 1; k > 0; k--) {
      const j = generator.nextInt(0, k + 1);
      [order[k], order[j]] = [order[j]!, order[k]!];
    }
    for (let start = 0; start + batch <= order.length; start += batch)
      yield tensor(order.slice(start, start + batch), { dtype: 'int32' });
  };
  await trainer.fit(() => minibatches(), {
    epochs: Math.ceil(flags.steps / Math.floor(setup.trainCount / batch)),
    maxSteps: flags.steps,
  });
  setup.model.eval();
  const line = noGrad(setup.report);
  if (flags.logFormat === 'json')
    process.stdout.write(`${JSON.stringify({ task: name, result: line })}\n`);
  else process.stdout.write(`${line}\n`);
}
