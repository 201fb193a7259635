// perplexity: e^loss for numbers and loss tensors, the uniform-model identity, and errors.
import { ArgumentError, tensor, zeros } from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import { crossEntropy } from '../losses/cross-entropy';
import { perplexity } from './perplexity';

describe('perplexity', () => {
  it('is e^loss', () => {
    expect(perplexity(0)).toBe(1);
    expect(perplexity(1)).toBe(Math.E);
    expect(perplexity(Math.log(50))).toBeCloseTo(50, 12);
  });

  it('equals V for a model that is uniform over V classes, read from a loss tensor', () => {
    const loss = crossEntropy(
      zeros([3, 7], { dtype: 'float64' }),
      tensor([0, 3, 6], { dtype: 'int32' }),
    );
    expect(perplexity(loss)).toBeCloseTo(7, 12);
  });

  it('rejects a tensor with more than one element', () => {
    const error = (() => {
      try {
        perplexity(zeros([2]));
      } catch (caught) {
        return caught as Error;
      }
      throw new Error('expected the call to throw');
    })();
    expect(ArgumentError.isInstance(error)).toBe(true);
    expect(error.message).toBe(
      'perplexity: meanLossNats must be a number or a one-element tensor, got a tensor of shape [2].',
    );
  });
});
