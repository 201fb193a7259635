import { describe, expect, it } from 'vitest';
import { arange, reshape, tensor, zeros } from './index';

// Expected strings are PyTorch's repr of the same tensor, with `dtype=torch.float64` written
// `dtype=float64` and `requires_grad=True` written `requiresGrad=true`.
describe('toString', () => {
  it('prints integral floats as `1.` in aligned rows', () => {
    expect(
      tensor([
        [1, 2],
        [3, 4],
      ]).toString(),
    ).toBe('tensor([[1., 2.],\n        [3., 4.]])');
    expect(tensor([0, 10, -100]).toString()).toBe('tensor([   0.,   10., -100.])');
  });

  it('prints four decimals in fixed notation', () => {
    expect(tensor([0.09, 0.2447, 0.6652]).toString()).toBe('tensor([0.0900, 0.2447, 0.6652])');
    expect(tensor([-1.5, 2.25]).toString()).toBe('tensor([-1.5000,  2.2500])');
  });

  it('switches to scientific notation for tiny, huge or widely spread magnitudes', () => {
    expect(tensor([1e-5, 1]).toString()).toBe('tensor([1.0000e-05, 1.0000e+00])');
    expect(tensor([1.5, 1e9]).toString()).toBe('tensor([1.5000e+00, 1.0000e+09])');
    expect(tensor([1, 2000]).toString()).toBe('tensor([1.0000e+00, 2.0000e+03])');
    expect(tensor([1, 1e8]).toString()).toBe('tensor([1.0000e+00, 1.0000e+08])');
    expect(tensor([-2e-7]).toString()).toBe('tensor([-2.0000e-07])');
  });

  it('appends the dtype for float64 and int32', () => {
    expect(tensor([1.5, 2], { dtype: 'float64' }).toString()).toBe(
      'tensor([1.5000, 2.0000], dtype=float64)',
    );
    expect(tensor([1, -20, 3], { dtype: 'int32' }).toString()).toBe(
      'tensor([  1, -20,   3], dtype=int32)',
    );
  });

  it('prints scalars without brackets', () => {
    expect(tensor(3.5).toString()).toBe('tensor(3.5000)');
    expect(tensor(2).toString()).toBe('tensor(2.)');
    expect(tensor(7, { dtype: 'int32' }).toString()).toBe('tensor(7, dtype=int32)');
    expect(tensor(1e-6, { dtype: 'float64' }).toString()).toBe('tensor(1.0000e-06, dtype=float64)');
  });

  it('prints nan and inf without widening the column', () => {
    expect(tensor([1, NaN, Infinity]).toString()).toBe('tensor([1., nan, inf])');
    expect(tensor([1.5, NaN, -Infinity]).toString()).toBe('tensor([1.5000,    nan,   -inf])');
    expect(tensor([0, 0]).toString()).toBe('tensor([0., 0.])');
  });

  it('separates blocks of higher-rank tensors with blank lines', () => {
    expect(tensor([[[1, 2]], [[3, 4]]]).toString()).toBe(
      'tensor([[[1., 2.]],\n\n        [[3., 4.]]])',
    );
  });

  it('marks tensors that require grad', () => {
    expect(tensor([1, 2], { requiresGrad: true }).toString()).toBe(
      'tensor([1., 2.], requiresGrad=true)',
    );
    expect(tensor([1], { dtype: 'float64', requiresGrad: true }).toString()).toBe(
      'tensor([1.], dtype=float64, requiresGrad=true)',
    );
  });

  it('summarizes more than 1000 elements with ...', () => {
    expect(arange(1001).toString()).toBe(
      'tensor([   0,    1,    2,  ...,  998,  999, 1000], dtype=int32)',
    );
    expect(reshape(arange(2002), [1001, 2]).toString()).toBe(
      'tensor([[   0,    1],\n' +
        '        [   2,    3],\n' +
        '        [   4,    5],\n' +
        '        ...,\n' +
        '        [1996, 1997],\n' +
        '        [1998, 1999],\n' +
        '        [2000, 2001]], dtype=int32)',
    );
    expect(zeros([2, 1000]).toString()).toBe(
      'tensor([[0., 0., 0.,  ..., 0., 0., 0.],\n        [0., 0., 0.,  ..., 0., 0., 0.]])',
    );
  });

  it('prints every element up to 1000', () => {
    const text = arange(1000).toString();
    expect(text).not.toContain('...');
    expect(text.split(',').length).toBe(1001);
  });

  it('is what String() uses', () => {
    expect(String(tensor([0.5]))).toBe('tensor([0.5000])');
  });
});
