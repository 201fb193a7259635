// clipGradNorm and clipGradValue: hand-computed totals and scaling (with PyTorch's +1e-6 and the
// no-op below maxNorm), p = 1, 3 and ∞, skipped null gradients, errors, and PyTorch's golden
// first step: raw gradients → clip → Adam or SGD reproduce `grad_norms[0]` and `step1.*`.
import { thrown } from '@unroll/test-utils';
import { readFileSync } from 'node:fs';
import { Parameter } from '@unroll/autograd';
import { ArgumentError, type Tensor, tensor, zeros } from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import { clipGradNorm, clipGradValue } from './clip';
import { Adam } from './optimizers/adam';
import { SGD } from './optimizers/sgd';

const f64 = (values: number[] | number[][]): Tensor => tensor(values, { dtype: 'float64' });

/** Parameters with gradients [3, 4] and [[12]] (total 2-norm 13), plus one with no gradient. */
function withGradients(): Parameter[] {
  const parameters = [zeros([2]), zeros([1, 1]), zeros([3])].map(
    (value) => new Parameter(value.to('float64')),
  );
  parameters[0]!.grad = f64([3, -4]);
  parameters[1]!.grad = f64([[12]]);
  return parameters;
}

const gradients = (parameters: readonly Parameter[]): (number[] | null)[] =>
  parameters.map((parameter) =>
    parameter.grad === null ? null : Array.from(parameter.grad.data()),
  );

describe('clipGradNorm', () => {
  it('returns the total 2-norm of all gradients and scales by maxNorm / (total + 1e-6)', () => {
    const parameters = withGradients();
    expect(clipGradNorm(parameters, 1)).toBe(13);
    const coef = 1 / (13 + 1e-6);
    expect(gradients(parameters)).toEqual([[3 * coef, -4 * coef], [12 * coef], null]);
  });

  it('scales even at total = maxNorm, because of the + 1e-6', () => {
    const parameters = withGradients();
    expect(clipGradNorm(parameters, 13)).toBe(13);
    const coef = 13 / (13 + 1e-6);
    expect(coef).toBeLessThan(1 - 7e-8);
    expect(gradients(parameters)[1]).toEqual([12 * coef]);
    expect(gradients(parameters)[1]?.[0]).not.toBe(12);
  });

  it('leaves gradients untouched (the same tensors) when the total is below maxNorm', () => {
    const parameters = withGradients();
    const before = parameters.map((parameter) => parameter.grad);
    expect(clipGradNorm(parameters, 13.01)).toBe(13);
    expect(parameters.map((parameter) => parameter.grad)).toEqual(before);
    expect(parameters[0]?.grad).toBe(before[0]);
  });

  it('supports p = 1, p = 3 and p = Infinity over all gradients as one vector', () => {
    expect(clipGradNorm(withGradients(), 100, 1)).toBe(19);
    expect(clipGradNorm(withGradients(), 100, 3)).toBeCloseTo(Math.cbrt(27 + 64 + 1728), 12);
    const parameters = withGradients();
    expect(clipGradNorm(parameters, 6, Infinity)).toBe(12);
    const coef = 6 / (12 + 1e-6);
    expect(gradients(parameters)).toEqual([[3 * coef, -4 * coef], [12 * coef], null]);
  });

  it('accepts one tensor, keeps float32, and returns 0 when nothing has a gradient', () => {
    const single = new Parameter(zeros([2]));
    single.grad = tensor([6, 8]);
    expect(clipGradNorm(single, 5)).toBe(10);
    expect(single.grad.dtype).toBe('float32');
    expect(single.grad).toBeAllClose([3, 4], { rtol: 1e-6, atol: 0 });
    expect(clipGradNorm([new Parameter(zeros([2]))], 1)).toBe(0);
  });

  it('rejects a negative maxNorm, a non-positive normType and a non-iterable', () => {
    const maxNorm = thrown(() => clipGradNorm(withGradients(), -1));
    expect(ArgumentError.isInstance(maxNorm)).toBe(true);
    expect(maxNorm.message).toBe('clipGradNorm: maxNorm must be a number ≥ 0, got -1.');
    expect(thrown(() => clipGradNorm(withGradients(), 1, 0)).message).toBe(
      'clipGradNorm: normType must be a positive number or Infinity, got 0.',
    );
    expect(thrown(() => clipGradNorm(3 as unknown as Tensor, 1)).message).toContain(
      'clipGradNorm: parameters must be a Tensor or an iterable of Tensors, got 3.',
    );
  });
});

describe('clipGradValue', () => {
  it('clamps every gradient to [−clipValue, clipValue], skipping null gradients', () => {
    const parameters = withGradients();
    clipGradValue(parameters, 3.5);
    expect(gradients(parameters)).toEqual([[3, -3.5], [3.5], null]);
  });

  it('rejects a negative clipValue', () => {
    expect(thrown(() => clipGradValue(withGradients(), -0.1)).message).toBe(
      'clipGradValue: clipValue must be a number ≥ 0, got -0.1.',
    );
  });
});

interface StoredTensor {
  shape: number[];
  data: number[];
}
interface TrainingCase {
  config: {
    optimizer: { type: string; lr: number; beta1?: number; beta2?: number; eps?: number };
    clip: { type: string; maxNorm?: number; clipValue?: number };
  };
  tensors: Record<string, StoredTensor>;
}

const names = [
  'weight_ih_l0',
  'weight_hh_l0',
  'bias_ih_l0',
  'bias_hh_l0',
  'head.weight',
  'head.bias',
];

function loadCase(name: string): TrainingCase {
  const url = new URL(`../../../tooling/golden/cases/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as TrainingCase;
}

const stored = (golden: TrainingCase, name: string): Tensor => {
  const value = golden.tensors[name];
  if (value === undefined) throw new Error(`the golden case lacks ${name}`);
  return tensor(value.data, { dtype: 'float64' }).reshape(value.shape);
};

describe("PyTorch's first training step (golden train_charlm cases, float64)", () => {
  it('clip_grad_norm_ then Adam: grad_norms[0] and step1.*', () => {
    const golden = loadCase('train_charlm_adam_clipnorm');
    const { optimizer, clip } = golden.config;
    const parameters = names.map((name) => new Parameter(stored(golden, name)));
    parameters.forEach((parameter, k) => (parameter.grad = stored(golden, `grad.${names[k]}`)));
    const total = clipGradNorm(parameters, clip.maxNorm ?? NaN);
    expect(total).toBeCloseTo(golden.tensors.grad_norms?.data[0] ?? NaN, 12);
    expect(total).toBeGreaterThan(clip.maxNorm ?? NaN);
    new Adam(parameters, {
      lr: optimizer.lr,
      betas: [optimizer.beta1 ?? NaN, optimizer.beta2 ?? NaN],
      eps: optimizer.eps ?? NaN,
    }).step();
    parameters.forEach((parameter, k) =>
      expect(parameter).toBeAllClose(stored(golden, `step1.${names[k]}`), {
        rtol: 1e-10,
        atol: 1e-13,
      }),
    );
  });

  it('clip_grad_value_ then SGD: step1.*', () => {
    const golden = loadCase('train_charlm_sgd_clipvalue');
    const { optimizer, clip } = golden.config;
    const parameters = names.map((name) => new Parameter(stored(golden, name)));
    parameters.forEach((parameter, k) => (parameter.grad = stored(golden, `grad.${names[k]}`)));
    expect(clipGradNorm(parameters, Infinity)).toBeCloseTo(
      golden.tensors.grad_norms?.data[0] ?? NaN,
      12,
    );
    clipGradValue(parameters, clip.clipValue ?? NaN);
    new SGD(parameters, { lr: optimizer.lr }).step();
    parameters.forEach((parameter, k) =>
      expect(parameter).toBeAllClose(stored(golden, `step1.${names[k]}`), {
        rtol: 1e-12,
        atol: 1e-14,
      }),
    );
  });
});

describe('gradNorm', () => {
  it('measures the global norm without touching the gradients', async () => {
    const { gradNorm } = await import('./clip');
    const { tensor } = await import('@unroll/tensor');
    const a = tensor([3, 0]);
    a.grad = tensor([3, 0]);
    const b = tensor([4]);
    b.grad = tensor([4]);
    expect(gradNorm([a, b])).toBeCloseTo(5, 12);
    expect(gradNorm([a, b], Infinity)).toBe(4);
    expect(a.grad).toBeAllClose([3, 0], { atol: 0, rtol: 0 });
    expect(gradNorm([tensor([1])])).toBe(0);
  });
});
