import { Generator, softmax, tensor } from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import { CharLanguageModel, generate } from './char-language-model';

describe('CharLanguageModel', () => {
  it("saves its weights under PyTorch's keys, the recurrent layer naming its own", () => {
    const model = new CharLanguageModel({
      vocabSize: 5,
      cell: 'lstm',
      hiddenSize: 4,
      numLayers: 2,
    });
    expect([...model.stateDict().keys()]).toEqual([
      'embedding.weight',
      'rnn.weight_ih_l0',
      'rnn.weight_hh_l0',
      'rnn.bias_ih_l0',
      'rnn.bias_hh_l0',
      'rnn.weight_ih_l1',
      'rnn.weight_hh_l1',
      'rnn.bias_ih_l1',
      'rnn.bias_hh_l1',
      'head.weight',
      'head.bias',
    ]);
  });

  it('gives logits for every position and generates the asked number of tokens', () => {
    const model = new CharLanguageModel(
      { vocabSize: 6, cell: 'gru', hiddenSize: 4 },
      { generator: new Generator(0) },
    );
    const [logits] = model.forward(tensor([[1, 2, 3]], { dtype: 'int32' }));
    expect(logits.shape).toEqual([1, 3, 6]);
    const ids = generate(model, { prime: [1], length: 7, generator: new Generator(1) });
    expect(ids).toHaveLength(7);
    expect(ids.every((id) => Number.isInteger(id) && id >= 0 && id < 6)).toBe(true);
    expect(generate(model, { prime: [1], length: 0 })).toEqual([]);
    expect(() => generate(model, { prime: [1], length: -1 })).toThrow(
      'generate: length must be a non-negative integer, got -1.',
    );
    expect(() => generate(model, { prime: [], length: 3 })).toThrow(
      'generate: prime must hold at least one token, got none.',
    );
  });

  it('samples what the forward pass over the whole text so far gives, at any temperature', () => {
    for (const cell of ['lstm', 'gru', 'rnn'] as const) {
      const model = new CharLanguageModel(
        { vocabSize: 7, cell, hiddenSize: 6, numLayers: 2, dropout: 0.3 },
        { generator: new Generator(2) },
      );
      const prime = [3, 0, 5];
      const ids = generate(model, {
        prime,
        length: 12,
        temperature: 0.7,
        generator: new Generator(4),
      });
      // generate runs without dropout and leaves the model in the mode it found it in.
      expect(model.training).toBe(true);
      model.eval();
      // The reference: each token drawn from softmax(logits / 0.7) of a full forward pass.
      const reference = new Generator(4);
      const text = [...prime];
      for (let k = 0; k < 12; k++) {
        const [logits] = model.forward(tensor([text], { dtype: 'int32' }));
        const last = logits.reshape([-1, 7]).data().slice(-7);
        const p = softmax(tensor(Array.from(last, (v) => v / 0.7))).data();
        let threshold = reference.nextFloat64();
        let next = 6;
        for (let j = 0; j < 7; j++) {
          threshold -= p[j]!;
          if (threshold < 0) {
            next = j;
            break;
          }
        }
        text.push(next);
      }
      expect(ids).toEqual(text.slice(prime.length));
    }
  });

  it('names a prime id out of range', () => {
    const model = new CharLanguageModel({ vocabSize: 6, cell: 'lstm', hiddenSize: 4 });
    expect(() => generate(model, { prime: [1, 6], length: 2 })).toThrow(
      'generate: prime ids must be integers in [0, 5], got 6.',
    );
  });
});
