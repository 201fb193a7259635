// A tiny float64 quadratic for optimizer tests: L(θ) = Σ ½ aᵢ θᵢ² − cᵢ θᵢ, so ∇L = a ⊙ θ − c.
// θ is split over a [2, 2] and a [3] parameter, plus a third parameter that never gets a
// gradient (optimizers must skip it). `runOptimizer` trains with autograd; `runNaive` runs a
// plain-number update rule on the same problem, so the two trajectories can be compared.
import { Parameter } from '@unroll/autograd';
import { type Tensor, concat, mul, square, sub, sum, tensor } from '@unroll/tensor';
import type { Optimizer } from '../optimizer';

export const curvature = [1, 2, 0.5, 3, 1.5, 0.25, 4];
export const centre = [0.3, -1, 2, 0.5, -0.7, 1.1, 0.2];
export const start = [0.5, -0.2, 1.3, -1.1, 0.8, 0.05, -0.6];

const f64 = (values: number[]): Tensor => tensor(values, { dtype: 'float64' });

/** Fresh parameters at `start` (or at `values`): `[W [2, 2], b [3], unused [2]]`. */
export function makeParameters(values: readonly number[] = start): Parameter[] {
  return [
    new Parameter(f64(values.slice(0, 4)).reshape([2, 2])),
    new Parameter(f64(values.slice(4, 7))),
    new Parameter(f64([9, -9])),
  ];
}

/** θ as one list: W's entries, then b's. */
export function flatten(parameters: readonly Parameter[]): number[] {
  return parameters.slice(0, 2).flatMap((parameter) => Array.from(parameter.data()));
}

/** L(θ) for the first two parameters. */
export function quadraticLoss(parameters: readonly Parameter[]): Tensor {
  const [weight, bias] = parameters as [Parameter, Parameter];
  const theta = concat([weight.reshape([-1]), bias]);
  return sum(sub(mul(mul(square(theta), 0.5), f64(curvature)), mul(f64(centre), theta)));
}

/** Sets fresh gradients by backward() and steps; returns θ after each step. */
export function runOptimizer(
  optimizer: Pick<Optimizer, 'zeroGrad' | 'step'>,
  parameters: readonly Parameter[],
  steps = 3,
): number[][] {
  const history: number[][] = [];
  for (let k = 0; k < steps; k++) {
    optimizer.zeroGrad();
    quadraticLoss(parameters).backward();
    optimizer.step();
    history.push(flatten(parameters));
  }
  return history;
}

/**
 * Runs `update(θ, g, k)` (which changes θ in place, k = 1, 2, …) on the same problem from
 * `start`; returns θ after each step.
 */
export function runNaive(
  update: (theta: number[], gradient: number[], k: number) => void,
  steps = 3,
): number[][] {
  const theta = [...start];
  const history: number[][] = [];
  for (let k = 1; k <= steps; k++) {
    const gradient = theta.map((value, i) => (curvature[i] ?? NaN) * value - (centre[i] ?? NaN));
    update(theta, gradient, k);
    history.push([...theta]);
  }
  return history;
}

/** Per-element zeros, the starting value of most naive optimizer buffers. */
export const zerosFor = (): number[] => start.map(() => 0);
