import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  DTypeError,
  Generator,
  ShapeError,
  softmaxCrossEntropy,
  softmaxCrossEntropyBackward,
  tensor,
  uniform,
} from '../index';

const generator = new Generator(5);

/** −Σ q log softmax, one row at a time in float64 (the definition). */
function reference(x: number[][], target: number[], ignoreIndex = -100, eps = 0): number[] {
  return x.map((row, r) => {
    if (target[r] === ignoreIndex) return 0;
    const max = Math.max(...row);
    const lse = max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
    return row.reduce((s, v, c) => {
      const q = (c === target[r] ? 1 - eps : 0) + eps / row.length;
      return s - q * (v - lse);
    }, 0);
  });
}

describe('softmaxCrossEntropy', () => {
  for (const dtype of ['float64', 'float32'] as const) {
    it(`gives −Σ q log softmax per row, with smoothing and ignored rows (${dtype})`, () => {
      const x = uniform([5, 7], -3, 3, { dtype, generator });
      const rows = x.toArray() as number[][];
      const target = [6, 0, -1, 3, 3];
      const ids = tensor(target, { dtype: 'int32' });
      const tolerance = { atol: dtype === 'float64' ? 1e-12 : 1e-5, rtol: 0 };
      expect(softmaxCrossEntropy(x, ids, { ignoreIndex: -1 })).toBeAllClose(
        reference(rows, target, -1),
        tolerance,
      );
      expect(softmaxCrossEntropy(x, ids, { ignoreIndex: -1, labelSmoothing: 0.3 })).toBeAllClose(
        reference(rows, target, -1, 0.3),
        tolerance,
      );
    });
  }

  it('stays finite for extreme logits', () => {
    const x = tensor([
      [1000, -1000],
      [-1000, 1000],
    ]);
    const loss = softmaxCrossEntropy(x, tensor([0, 0], { dtype: 'int32' }));
    expect(loss).toBeAllClose([0, 2000]);
  });

  it('has the gradient softmax − q, scaled per row, zero for ignored rows', () => {
    const x = tensor([
      [0, 0],
      [1, 2],
    ]);
    const ids = tensor([1, 5], { dtype: 'int32' });
    const dx = softmaxCrossEntropyBackward(x, ids, tensor([2, 1]), { ignoreIndex: 5 });
    expect(dx).toBeAllClose([
      [1, -1],
      [0, 0],
    ]);
  });

  it('names what is wrong with its operands', () => {
    const x = tensor([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    const ids = tensor([0, 1], { dtype: 'int32' });
    expect(() => softmaxCrossEntropy(tensor([1, 2]), ids)).toThrow(ShapeError);
    expect(() => softmaxCrossEntropy(x, tensor([0, 1, 2], { dtype: 'int32' }))).toThrow(
      'softmaxCrossEntropy: target must have shape [2] (one class per row of logits [2, 3]), got [3].',
    );
    expect(() => softmaxCrossEntropy(x, tensor([0, 1]))).toThrow(DTypeError);
    expect(() => softmaxCrossEntropy(x, tensor([0, 3], { dtype: 'int32' }))).toThrow(
      'softmaxCrossEntropy: target must hold class indices in [0, 2] (or ignoreIndex -100), got 3.',
    );
    expect(() => softmaxCrossEntropy(x, ids, { labelSmoothing: 1.5 })).toThrow(ArgumentError);
    expect(() => softmaxCrossEntropyBackward(x, ids, tensor([1, 2, 3]))).toThrow(
      'softmaxCrossEntropyBackward: dLoss must be float32 with shape [2], got float32 [3].',
    );
  });
});
