// accuracy: hand-counted cases, the last axis as class axis for [N, L, C], ignoreIndex, ties,
// and the shape, dtype and range errors.
import { thrown } from '@unroll/test-utils';
import { ArgumentError, DTypeError, ShapeError, type Tensor, tensor, zeros } from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import { accuracy } from './accuracy';

const int = (values: number[] | number[][]): Tensor => tensor(values, { dtype: 'int32' });

describe('accuracy', () => {
  const logits = tensor([
    [2, 1, 0],
    [0, 3, 1],
    [0, 1, 5],
    [4, 0, 9],
  ]); // predictions 0, 1, 2, 2

  it('counts arg-max hits', () => {
    expect(accuracy(logits, int([0, 1, 2, 0]))).toBe(0.75);
    expect(accuracy(logits, int([1, 0, 0, 0]))).toBe(0);
  });

  it('leaves out ignored targets, and is NaN when all are ignored', () => {
    expect(accuracy(logits, int([0, -100, 1, 2]))).toBe(2 / 3);
    expect(accuracy(logits, int([0, 1, 1, 1]), { ignoreIndex: 1 })).toBe(1);
    expect(accuracy(logits, int([-100, -100, -100, -100]))).toBeNaN();
  });

  it('reads the class axis last for [N, L, C] and breaks ties towards the lower class', () => {
    const sequence = tensor([
      [
        [1, 1],
        [0, 2],
        [3, 0],
      ],
      [
        [0, 1],
        [5, 5],
        [1, 0],
      ],
    ]);
    expect(
      accuracy(
        sequence,
        int([
          [0, 1, 0],
          [1, 0, 1],
        ]),
      ),
    ).toBe(5 / 6);
  });

  it('names both shapes, the dtype and the bad index', () => {
    const shape = thrown(() => accuracy(logits, int([0, 1, 2])));
    expect(ShapeError.isInstance(shape)).toBe(true);
    expect(shape.message).toBe(
      'accuracy: targets must have shape [4] (logits [4, 3] without the class axis), got [3].',
    );
    const dtype = thrown(() => accuracy(logits, tensor([0, 1, 2, 0])));
    expect(DTypeError.isInstance(dtype)).toBe(true);
    expect(dtype.message).toContain(
      'accuracy: targets must be an int32 tensor of class indices, got dtype float32.',
    );
    const range = thrown(() => accuracy(logits, int([0, 1, 3, 0])));
    expect(ArgumentError.isInstance(range)).toBe(true);
    expect(range.message).toBe(
      'accuracy: targets must hold class indices in [0, 2] or ignoreIndex -100, got 3.',
    );
    expect(thrown(() => accuracy(zeros([]), int([]))).message).toContain(
      'logits must be a tensor of shape [..., C], got [].',
    );
  });
});
