import { DTypeError, ShapeError, sum, tensor, zeros } from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import { Parameter } from './parameter';

describe('Parameter', () => {
  it('is a leaf that requires grad and receives gradients', () => {
    const weight = new Parameter(tensor([1, 2]));
    expect(weight.requiresGrad).toBe(true);
    sum(weight.mul(weight)).backward();
    expect(weight.grad).toBeAllClose([2, 4]);
  });

  it('can be frozen', () => {
    expect(new Parameter(zeros([2]), { requiresGrad: false }).requiresGrad).toBe(false);
  });

  it('assign replaces the values, checking shape and dtype', () => {
    const weight = new Parameter(tensor([1, 2]));
    const before = weight.mul(1);
    weight.assign(tensor([5, 6]));
    expect(weight).toBeAllClose([5, 6]);
    expect(before).toBeAllClose([1, 2]);
    const attempt = () => weight.assign(tensor([1, 2, 3]));
    expect(attempt).toThrow(ShapeError);
    expect(attempt).toThrow(
      'Parameter.assign: value must have shape [2] and dtype float32, got shape [3] and dtype float32.',
    );
  });

  it('rejects integer data and a value of another dtype', () => {
    expect(() => new Parameter(tensor([1, 2], { dtype: 'int32' }))).toThrow(DTypeError);
    expect(() => new Parameter(tensor([1, 2], { dtype: 'int32' }))).toThrow(
      'Parameter: data must be float32 or float64, got int32.',
    );
    const weight = new Parameter(tensor([1, 2]));
    expect(() => weight.assign(tensor([1, 2], { dtype: 'float64' }))).toThrow(
      "Parameter.assign: value must have dtype float32, got float64. Hint: cast with value.to('float32').",
    );
  });

  it('prints like PyTorch', () => {
    expect(new Parameter(tensor([1.5])).toString()).toBe(
      'Parameter containing:\ntensor([1.5000], requiresGrad=true)',
    );
  });
});
