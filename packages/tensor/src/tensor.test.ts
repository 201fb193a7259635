import { describe, expect, it } from 'vitest';
import { add, ArgumentError, DTypeError, tensor, zeros, type Tensor } from './index';

describe('Tensor basics', () => {
  it('has a frozen shape, a rank and a size', () => {
    const x = zeros([2, 3, 4]);
    expect([x.shape, x.rank, x.size]).toEqual([[2, 3, 4], 3, 24]);
    expect(Object.isFrozen(x.shape)).toBe(true);
    expect([tensor(1).rank, tensor(1).size]).toEqual([0, 1]);
    expect(zeros([3, 0]).size).toBe(0);
  });

  it('ops never change their inputs', () => {
    const x = tensor([1, 2]);
    const y = add(x, 1);
    expect(x.toArray()).toEqual([1, 2]);
    expect(y.toArray()).toEqual([2, 3]);
  });
});

describe('item', () => {
  it('returns the value of a one-element tensor of any rank', () => {
    expect(tensor(2.5).item()).toBe(2.5);
    expect(tensor([[7]], { dtype: 'int32' }).item()).toBe(7);
  });

  it('throws for any other size, naming the shape and count', () => {
    expect(() => tensor([1, 2, 3]).item()).toThrow(ArgumentError);
    expect(() => tensor([1, 2, 3]).item()).toThrow(
      'Tensor.item: the tensor must have exactly one element, got shape [3] (3 elements).',
    );
    expect(() => zeros([0]).item()).toThrow('got shape [0] (0 elements)');
  });
});

describe('toArray', () => {
  it('nests arrays by shape and returns a number for a scalar', () => {
    expect(tensor(4).toArray()).toBe(4);
    expect(tensor([1, 2]).toArray()).toEqual([1, 2]);
    const values = Array.from({ length: 12 }, (_, k) => k);
    expect(tensor(values).reshape([2, 3, 2]).toArray()).toEqual([
      [
        [0, 1],
        [2, 3],
        [4, 5],
      ],
      [
        [6, 7],
        [8, 9],
        [10, 11],
      ],
    ]);
  });

  it('handles empty axes', () => {
    expect(zeros([2, 0]).toArray()).toEqual([[], []]);
    expect(zeros([0, 3]).toArray()).toEqual([]);
  });
});

describe('data', () => {
  it('returns a typed array of the dtype', () => {
    expect(tensor([1], { dtype: 'float32' }).data()).toBeInstanceOf(Float32Array);
    expect(tensor([1], { dtype: 'float64' }).data()).toBeInstanceOf(Float64Array);
    expect(tensor([1], { dtype: 'int32' }).data()).toBeInstanceOf(Int32Array);
  });

  it('returns a copy: mutating it leaves the tensor unchanged', () => {
    const x = tensor([1, 2, 3]);
    const copy = x.data();
    copy[0] = 100;
    expect(x.toArray()).toEqual([1, 2, 3]);
    expect(x.data()).not.toBe(x.data());
    const y = x.reshape([3, 1]);
    y.data().fill(0);
    expect(y.toArray()).toEqual([[1], [2], [3]]);
  });
});

describe('requiresGrad', () => {
  it('can be set on float tensors and cleared again', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const x = tensor([1], { dtype });
      x.requiresGrad = true;
      expect(x.requiresGrad).toBe(true);
      x.requiresGrad = false;
      expect(x.requiresGrad).toBe(false);
    }
  });

  it('is refused for int32 with a DTypeError naming the dtype', () => {
    const i = tensor([1], { dtype: 'int32' });
    expect(() => {
      i.requiresGrad = true;
    }).toThrow(DTypeError);
    expect(() => {
      i.requiresGrad = true;
    }).toThrow("got dtype int32. Hint: cast with x.to('float32').");
    i.requiresGrad = false;
    expect(i.requiresGrad).toBe(false);
  });

  it('cannot change on a tensor produced by an op, and is implied by a gradFn', () => {
    const y: Tensor = tensor([1]);
    y.gradFn = { name: 'MatMul' };
    expect(y.requiresGrad).toBe(true);
    expect(y.isLeaf).toBe(false);
    expect(() => {
      y.requiresGrad = false;
    }).toThrow(
      'Tensor.requiresGrad: only leaf tensors can change requiresGrad, got a tensor produced by MatMul.',
    );
  });
});

describe('detach', () => {
  it('gives a leaf with the same values that does not require grad', () => {
    const x = tensor([1.5, 2], { dtype: 'float64', requiresGrad: true });
    x.gradFn = { name: 'Add' };
    const d = x.detach();
    expect(d).not.toBe(x);
    expect([d.shape, d.dtype, d.toArray()]).toEqual([[2], 'float64', [1.5, 2]]);
    expect([d.requiresGrad, d.isLeaf, d.gradFn, d.grad]).toEqual([false, true, null, null]);
    expect(x.requiresGrad).toBe(true);
  });
});

describe('backward', () => {
  it('explains that @unroll/autograd is needed when no engine is loaded', () => {
    const x = tensor(1, { requiresGrad: true });
    expect(() => x.backward()).toThrow(ArgumentError);
    expect(() => x.backward()).toThrow('Tensor.backward: no gradient engine is loaded.');
  });
});

describe('to and clone', () => {
  it('to converts the dtype; clone copies', () => {
    const x = tensor([2.7, -2.7]);
    expect(x.to('int32').toArray()).toEqual([2, -2]);
    expect(x.to('float32')).toBe(x);
    expect(x.clone()).not.toBe(x);
    expect(x.clone().toArray()).toEqual(x.toArray());
  });
});
