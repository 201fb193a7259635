import {
  FormatError,
  Generator,
  randn,
  readSafetensors,
  tensor,
  writeSafetensors,
} from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from './checkpoint';

function sample(): Checkpoint {
  const generator = new Generator(3);
  generator.nextNormal();
  return {
    weights: new Map([
      ['weight_ih_l0', randn([8, 3], { generator })],
      ['head.bias', randn([3], { generator })],
    ]),
    optimizer: {
      type: 'Adam',
      state: {
        step: 7,
        options: { lr: 0.01, amsgrad: false },
        state: [
          { exp_avg: randn([8, 3], { generator }), exp_avg_sq: randn([8, 3], { generator }) },
          {},
        ],
      },
    },
    tensors: new Map([['state.h', randn([1, 2, 2], { generator })]]),
    metadata: {
      model: { cell: 'lstm', hidden: 2 },
      tokenizer: { kind: 'char', symbols: ['a', 'é', '😀'] },
      step: 7,
      rng: generator.getState(),
    },
  };
}

describe('checkpoints', () => {
  it('round trip weights, optimizer state, extra tensors and metadata exactly', () => {
    const original = sample();
    const decoded = decodeCheckpoint(encodeCheckpoint(original));
    expect([...decoded.weights.keys()].sort()).toEqual(['head.bias', 'weight_ih_l0']);
    for (const [key, value] of original.weights)
      expect(decoded.weights.get(key)).toBeAllClose(value, { atol: 0, rtol: 0 });
    expect(decoded.optimizer?.type).toBe('Adam');
    expect(decoded.optimizer?.state.step).toBe(7);
    expect(decoded.optimizer?.state.options).toEqual({ lr: 0.01, amsgrad: false });
    expect(decoded.optimizer?.state.state[0]?.exp_avg).toBeAllClose(
      original.optimizer!.state.state[0]!.exp_avg!,
      { atol: 0, rtol: 0 },
    );
    expect(decoded.optimizer?.state.state[1]).toEqual({});
    expect(decoded.tensors?.get('state.h')).toBeAllClose(original.tensors!.get('state.h')!, {
      atol: 0,
      rtol: 0,
    });
    expect(decoded.metadata).toEqual(original.metadata);
  });

  it('keep the weights readable by any safetensors reader under PyTorch keys', () => {
    const { tensors, metadata } = readSafetensors(encodeCheckpoint(sample()));
    expect(tensors.get('weight_ih_l0')?.shape).toEqual([8, 3]);
    expect(metadata.format).toBe('pt');
  });

  it('reject a truncated file', () => {
    const bytes = encodeCheckpoint(sample());
    for (const cut of [4, 20, bytes.length - 1]) {
      expect(() => decodeCheckpoint(bytes.subarray(0, cut))).toThrow(FormatError);
    }
  });

  it('reject corrupted bytes', () => {
    const bytes = encodeCheckpoint(sample()).slice();
    bytes[12] = 0x7b; // '{' inside the JSON header breaks it
    bytes[13] = 0x7b;
    expect(() => decodeCheckpoint(bytes)).toThrow(FormatError);
  });

  it('reject a foreign safetensors file with a hint', () => {
    const foreign = writeSafetensors({ weight: tensor([1, 2]) });
    expect(() => decodeCheckpoint(foreign)).toThrow(
      /not an Unroll checkpoint .*Hint: load plain weights with readSafetensors/,
    );
  });

  it("reject a tensor under the reserved '@' prefix that is not ours", () => {
    const odd = writeSafetensors(
      { '@weird': tensor([1]) },
      { 'unroll.format': 'unroll-checkpoint', 'unroll.version': '1', 'unroll.metadata': '{}' },
    );
    expect(() => decodeCheckpoint(odd)).toThrow(
      "decodeCheckpoint: tensor @weird uses the reserved '@' prefix but is neither optimizer state nor an extra tensor.",
    );
  });

  it('reject broken metadata', () => {
    const bad = writeSafetensors(
      { weight: tensor([1]) },
      { 'unroll.format': 'unroll-checkpoint', 'unroll.version': '1', 'unroll.metadata': '{nope' },
    );
    expect(() => decodeCheckpoint(bad)).toThrow(
      'decodeCheckpoint: unroll.metadata must be JSON, got unreadable text.',
    );
    const future = writeSafetensors(
      { weight: tensor([1]) },
      { 'unroll.format': 'unroll-checkpoint', 'unroll.version': '9', 'unroll.metadata': '{}' },
    );
    expect(() => decodeCheckpoint(future)).toThrow(
      'checkpoint version 9 is not supported (expected 1)',
    );
  });
});
