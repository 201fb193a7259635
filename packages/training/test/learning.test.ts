// Learning, small and seeded: an LSTM memorises a short text, and on the adding problem an
// LSTM gets far below the trivial baseline. These are the end-to-end checks that the fused
// layers, the losses, the optimizer and the trainer work together.
import { LSTM, Linear } from '@unroll/architectures';
import { Module } from '@unroll/cells';
import { Generator, indexSelect, select, tensor, type Tensor } from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import {
  Adam,
  CharLanguageModel,
  CharTokenizer,
  Trainer,
  addingProblem,
  crossEntropy,
  generate,
  mse,
  streamBatches,
} from '../src';

describe('learning', () => {
  it('an LSTM memorises a short text to low loss and then recites it', async () => {
    const text = 'an lstm remembers. '.repeat(12);
    const tokenizer = CharTokenizer.fromText(text);
    const model = new CharLanguageModel(
      { vocabSize: tokenizer.vocabSize, cell: 'lstm', hiddenSize: 32 },
      { generator: new Generator(1) },
    );
    const batches = streamBatches(tokenizer.encode(text), { batchSize: 4, seqLen: 16 });
    const V = tokenizer.vocabSize;
    const trainer = new Trainer<{ input: Tensor; target: Tensor }, never>({
      model,
      optimizer: new Adam(model.parameters(), { lr: 0.02 }),
      clip: { maxNorm: 1 },
      loss: (batch, state) => {
        const [logits, next] = model.forward(batch.input, state);
        return {
          loss: crossEntropy(logits.reshape([-1, V]), batch.target.reshape([-1])),
          state: next as never,
        };
      },
    });
    const losses: number[] = [];
    trainer.on('epoch-end', (e) => losses.push(e.meanLoss));
    await trainer.fit(() => batches, { epochs: 60 });
    expect(losses[0]).toBeGreaterThan(1.5);
    expect(losses.at(-1)).toBeLessThan(0.1);
    const recited = tokenizer.decode(
      generate(model, {
        prime: tokenizer.encode('an '),
        length: 16,
        temperature: 0.01,
        generator: new Generator(0),
      }),
    );
    expect(recited).toBe('lstm remembers. ');
  }, 60_000);

  it('an LSTM gets far below the trivial baseline on the adding problem', async () => {
    const generator = new Generator(4);
    const train = addingProblem({ length: 12, count: 1024, generator });
    const test = addingProblem({ length: 12, count: 256, generator });
    class Adder extends Module {
      lstm = new LSTM({ inputSize: 2, hiddenSize: 16, batchFirst: true, generator });
      head = new Linear(16, 1, { generator });
      forward(x: Tensor): Tensor {
        const [, [h]] = this.lstm.forward(x);
        return this.head.forward(select(h, 0, 0));
      }
    }
    const model = new Adder();
    const trainer = new Trainer<Tensor>({
      model,
      optimizer: new Adam(model.parameters(), { lr: 0.01 }),
      loss: (rows) => ({
        loss: mse(
          model.forward(indexSelect(train.inputs, 0, rows)),
          indexSelect(train.targets, 0, rows),
        ),
      }),
    });
    const minibatches = Array.from({ length: 16 }, (_, k) =>
      tensor(
        Array.from({ length: 64 }, (_, j) => k * 64 + j),
        { dtype: 'int32' },
      ),
    );
    await trainer.fit(minibatches, { epochs: 25 });
    const testMse = mse(model.forward(test.inputs), test.targets).item();
    expect(testMse).toBeLessThan(0.167 / 5);
  }, 60_000);
});
