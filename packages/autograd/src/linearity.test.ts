// Property: backward is linear in the upstream gradient, g(a·dy₁ + b·dy₂) = a·g(dy₁) + b·g(dy₂).
import { fc, test } from '@fast-check/vitest';
import { matmul, sigmoid, tanh, tensor, type Tensor } from '@unroll/tensor';
import { expect } from 'vitest';
import './engine';

function gradient(x: number[], upstream: number[]): Tensor {
  const leaf = tensor(x, { dtype: 'float64', requiresGrad: true });
  const w = tensor(
    [
      [0.5, -1, 2],
      [1.5, 0.25, -0.75],
    ],
    { dtype: 'float64' },
  );
  const y = sigmoid(matmul(w, tanh(leaf)));
  y.backward(tensor(upstream, { dtype: 'float64' }));
  return leaf.grad as Tensor;
}

const value = fc.double({ min: -3, max: 3, noNaN: true });

test.prop(
  [
    fc.array(value, { minLength: 3, maxLength: 3 }),
    fc.array(value, { minLength: 2, maxLength: 2 }),
    fc.array(value, { minLength: 2, maxLength: 2 }),
    value,
    value,
  ],
  { seed: 11, numRuns: 60 },
)('backward is linear in the upstream gradient', (x, dy1, dy2, a, b) => {
  const combined = gradient(
    x,
    dy1.map((v, k) => a * v + b * (dy2[k] ?? 0)),
  );
  const separate = gradient(x, dy1).mul(a).add(gradient(x, dy2).mul(b));
  expect(combined).toBeAllClose(separate, { atol: 1e-10, rtol: 1e-10 });
});
