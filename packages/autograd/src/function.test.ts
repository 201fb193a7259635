// defineFunction: custom forward/backward pairs become one graph node, checked by gradcheck.
import { type Tensor, argmax, mul, randn, sum, tanh, tensor, Generator } from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import { defineFunction } from './function';
import { gradcheck } from './gradcheck';

/** y = tanh(x·w) with a hand-written backward, saving the output. */
const TanhScale = defineFunction({
  name: 'TanhScale',
  forward(ctx, x: Tensor, w: Tensor) {
    const y = tanh(mul(x, w));
    ctx.saveForBackward(x, w, y);
    return y;
  },
  backward(ctx, dy) {
    const [x, w, y] = ctx.savedTensors as [Tensor, Tensor, Tensor];
    const local = mul(dy, mul(y, y).neg().add(1));
    return [
      ctx.needsInputGrad[0] ? mul(local, w) : null,
      ctx.needsInputGrad[1] ? sum(mul(local, x), 0) : null,
    ];
  },
});

/** Two outputs and a non-tensor argument: (x·k, x + k), with `k` a plain number. */
const Pair = defineFunction<[Tensor, number], readonly [Tensor, Tensor], number>({
  name: 'Pair',
  forward(ctx, x: Tensor, k: number) {
    ctx.state = k;
    return [mul(x, k), x.add(k)] as const;
  },
  backward(ctx, dProduct, dSum) {
    return [dProduct.mul(ctx.state ?? 0).add(dSum), null];
  },
});

const g = new Generator(3);

describe('defineFunction', () => {
  it('records one node named after the Function, whatever the forward ran', () => {
    const x = randn([2, 3], { requiresGrad: true, generator: g });
    const y = TanhScale.apply(x, randn([3], { generator: g }));
    expect(y.gradFn?.name).toBe('TanhScale');
  });

  it('passes gradcheck against all inputs', () => {
    const inputs = [
      randn([2, 3], { dtype: 'float64', generator: g }),
      randn([3], { dtype: 'float64', generator: g }),
    ];
    expect(gradcheck((x, w) => TanhScale.apply(x, w), inputs)).toPassGradcheck();
  });

  it('handles several outputs, non-tensor arguments and outputs that get no gradient', () => {
    const inputs = [randn([3], { dtype: 'float64', generator: g })];
    expect(gradcheck((x) => [...Pair.apply(x, 2.5)], inputs)).toPassGradcheck();
    const x = tensor([1, 2], { requiresGrad: true });
    const [product] = Pair.apply(x, 3);
    sum(product).backward();
    expect(x.grad).toBeAllClose([3, 3]);
  });

  it('catches a wrong backward (the planted-bug check for this oracle)', () => {
    const Wrong = defineFunction({
      name: 'Wrong',
      forward: (_ctx, x: Tensor) => mul(x, x),
      backward: (_ctx, dy) => [dy],
    });
    const report = gradcheck((x) => Wrong.apply(x), [tensor([1, 2], { dtype: 'float64' })]);
    expect(report.passed).toBe(false);
  });

  it('does not record when no input requires grad', () => {
    const y = TanhScale.apply(tensor([1, 2]), tensor([1, 1]));
    expect(y.gradFn).toBeNull();
  });

  it('marks non-differentiable outputs', () => {
    const WithIndex = defineFunction({
      name: 'WithIndex',
      forward(ctx, x: Tensor) {
        const index = argmax(x);
        const doubled = mul(x, 2);
        ctx.markNonDifferentiable(doubled);
        return [mul(x, 3), doubled, index] as const;
      },
      backward: (_ctx, dy) => [dy.mul(3)],
    });
    const [tripled, doubled, index] = WithIndex.apply(tensor([1, 5, 2], { requiresGrad: true }));
    expect(tripled.requiresGrad).toBe(true);
    expect(doubled.requiresGrad).toBe(false);
    expect(index.requiresGrad).toBe(false);
    expect(() => doubled.backward(tensor([1, 1, 1]))).toThrow(
      /comes from WithIndex, which is not differentiable/,
    );
  });

  it('says which output is not a tensor', () => {
    const Bad = defineFunction({
      name: 'Bad',
      forward: () => 3 as unknown as Tensor,
      backward: () => [],
    });
    expect(() => Bad.apply()).toThrow('Bad.forward: must return tensors, got number as output 0.');
  });
});
