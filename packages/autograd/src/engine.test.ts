// Behaviour of the tape: accumulation, broadcasting, freed graphs, noGrad, retainGrad and the
// errors backward raises.
import {
  ArgumentError,
  GradientShapeError,
  NotDifferentiableError,
  type Tensor,
  add,
  argmax,
  cast,
  matmul,
  mul,
  sum,
  tensor,
  zeros,
} from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import { enableGrad, isGradEnabled, noGrad } from './grad-mode';
import { retainGrad } from './engine';
import { zeroGrad } from './zero-grad';

const leaf = (values: number[] | number[][]): Tensor => tensor(values, { requiresGrad: true });

describe('backward', () => {
  it('fills .grad of leaves with d(output)/d(leaf)', () => {
    const x = leaf([1, 2, 3]);
    const w = leaf([4, 5, 6]);
    sum(mul(x, w)).backward();
    expect(x.grad).toBeAllClose([4, 5, 6]);
    expect(w.grad).toBeAllClose([1, 2, 3]);
  });

  it('accumulates into .grad across backward calls until zeroGrad', () => {
    const x = leaf([1, 2]);
    sum(mul(x, x)).backward();
    sum(mul(x, 3)).backward();
    expect(x.grad).toBeAllClose([2 + 3, 4 + 3]);
    zeroGrad([x]);
    expect(x.grad).toBeNull();
  });

  it('sums gradients of broadcast inputs back to their shapes', () => {
    const a = leaf([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const b = leaf([10, 20, 30]);
    const c = leaf([[2], [3]]);
    sum(mul(add(a, b), c)).backward();
    expect(b.grad?.shape).toEqual([3]);
    expect(b.grad).toBeAllClose([5, 5, 5]);
    expect(c.grad).toBeAllClose([[66], [75]]);
  });

  it('adds up the gradients of a tensor used twice', () => {
    const x = leaf([3]);
    const y = mul(x, x);
    sum(add(y, mul(y, x))).backward();
    expect(x.grad).toBeAllClose([2 * 3 + 3 * 9]);
  });

  it('takes an upstream gradient for non-scalar outputs', () => {
    const x = leaf([1, 2]);
    mul(x, x).backward(tensor([1, 10]));
    expect(x.grad).toBeAllClose([2, 40]);
  });

  it('works on a leaf itself', () => {
    const x = leaf([5]);
    x.backward();
    expect(x.grad).toBeAllClose([1]);
  });

  it('refuses a second backward through a freed graph, unless the first retained it', () => {
    const x = leaf([1, 2]);
    const loss = sum(mul(x, x));
    loss.backward(undefined, { retainGraph: true });
    loss.backward();
    expect(x.grad).toBeAllClose([4, 8]);
    expect(() => loss.backward()).toThrow(/freed by an earlier backward pass.*retainGraph: true/);
  });

  it('runs a Function-free chain of 2,000 steps without recursion limits', () => {
    const x = leaf([1]);
    let y: Tensor = x;
    for (let step = 0; step < 2000; step++) y = add(y, 1);
    y.backward();
    expect(x.grad).toBeAllClose([1]);
  });
});

describe('recording', () => {
  it('does not record inside noGrad, and restores the mode after', () => {
    const x = leaf([1]);
    const y = noGrad(() => mul(x, 2));
    expect(y.requiresGrad).toBe(false);
    expect(y.gradFn).toBeNull();
    expect(isGradEnabled()).toBe(true);
    expect(() =>
      noGrad(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(isGradEnabled()).toBe(true);
    expect(noGrad(() => enableGrad(() => mul(x, 2))).requiresGrad).toBe(true);
  });

  it('names the producing kernel in gradFn and keeps leaves as leaves', () => {
    const x = leaf([[1, 2]]);
    const y = matmul(x, tensor([[1], [2]]));
    expect(y.gradFn?.name).toBe('MatMul');
    expect(y.isLeaf).toBe(false);
    expect(x.isLeaf).toBe(true);
    expect(() => (y.requiresGrad = false)).toThrow(/only leaf tensors can change requiresGrad/);
  });

  it('detach cuts the graph', () => {
    const x = leaf([2]);
    const y = mul(x, x).detach();
    expect(y.requiresGrad).toBe(false);
    expect(() => sum(y).backward()).toThrow(ArgumentError);
  });

  it('retained gradients accumulate across backward passes, like leaves', () => {
    const x = leaf([1, 2]);
    const hidden = retainGrad(mul(x, 3));
    const loss = sum(mul(hidden, hidden));
    loss.backward(undefined, { retainGraph: true });
    loss.backward();
    expect(hidden.grad).toBeAllClose([12, 24]);
  });

  it('retainGrad keeps the gradient of a non-leaf', () => {
    const x = leaf([1, 2]);
    const hidden = retainGrad(mul(x, 3));
    sum(mul(hidden, hidden)).backward();
    expect(hidden.grad).toBeAllClose([6, 12]);
    expect(x.grad).toBeAllClose([18, 36]);
  });
});

describe('backward errors name the problem', () => {
  it('asks for a gradient when the output is not a scalar', () => {
    expect(() => mul(leaf([1, 2]), 2).backward()).toThrow(
      'backward: gradient must be given for a tensor with more than one element, got none for shape [2].',
    );
  });

  it('reports both shapes when the upstream gradient has the wrong shape', () => {
    const y = mul(leaf([[1, 2, 3]]), 2);
    const attempt = () => y.backward(zeros([3]));
    expect(attempt).toThrow(GradientShapeError);
    expect(attempt).toThrow("backward: gradient must have the tensor's shape [1, 3], got [3].");
  });

  it('says what arrived when the gradient is not a tensor', () => {
    const y = mul(leaf([1, 2]), 2);
    expect(() => y.backward({ retainGraph: true } as never)).toThrow(
      'backward: gradient must be a Tensor of shape [2], got object.',
    );
  });

  it('says the tensor does not require grad', () => {
    expect(() => sum(tensor([1, 2])).backward()).toThrow(/does not require grad/);
  });

  it('raises NotDifferentiableError through a cast to int32', () => {
    const attempt = () => cast(leaf([1.5, 2.5]), 'int32').backward(tensor([1, 1]));
    expect(attempt).toThrow(NotDifferentiableError);
    expect(attempt).toThrow(
      'backward: the tensor comes from Cast, which is not differentiable, so no gradient can flow back through it.',
    );
  });

  it('raises NotDifferentiableError through argmax', () => {
    const attempt = () => argmax(leaf([1, 3, 2])).backward();
    expect(attempt).toThrow(NotDifferentiableError);
    expect(attempt).toThrow(/comes from ArgMax, which is not differentiable/);
  });

  it('raises GradientShapeError naming the kernel when a rule returns a wrong shape', async () => {
    const { gradRules } = await import('./grads');
    const rules = gradRules as unknown as Record<string, { backward: unknown }>;
    const negRule = rules.Neg as { backward: (dy: Tensor) => Tensor[] };
    const original = negRule.backward;
    negRule.backward = () => [zeros([5])];
    try {
      const attempt = () => sum(leaf([1, 2]).neg()).backward();
      expect(attempt).toThrow(GradientShapeError);
      expect(attempt).toThrow(
        'backward: the gradient rule of Neg returned shape [5] for input 0 of shape [2].',
      );
    } finally {
      negRule.backward = original;
    }
  });
});
