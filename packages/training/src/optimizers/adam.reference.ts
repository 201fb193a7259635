// The unfused oracle for adam.ts: torch.optim.Adam's update written out one element at a time
// on plain numbers, with no tensors and no autograd. Tests compare Adam and AdamW against it.
import type { AdamOptions } from './adam';

/**
 * torch.optim.Adam's rule, one element at a time: returns `update(θ, g, k)`, which changes θ in
 * place for step k = 1, 2, … (the moments restart at k = 1).
 * @internal
 */
export function naiveAdam(
  options: AdamOptions,
): (theta: number[], gradient: number[], k: number) => void {
  const { lr = 1e-3, betas: [beta1, beta2] = [0.9, 0.999], eps = 1e-8 } = options;
  const { weightDecay = 0, amsgrad = false, decoupledWeightDecay = false } = options;
  let m: number[] = [];
  let v: number[] = [];
  let vMax: number[] = [];
  return (theta, gradient, k) => {
    if (k === 1) [m, v, vMax] = [theta.map(() => 0), theta.map(() => 0), theta.map(() => 0)];
    theta.forEach((value, i) => {
      let g = gradient[i] ?? NaN;
      let t = value;
      if (decoupledWeightDecay) t = t * (1 - lr * weightDecay);
      else g = g + weightDecay * value;
      m[i] = beta1 * (m[i] ?? NaN) + (1 - beta1) * g;
      v[i] = beta2 * (v[i] ?? NaN) + (1 - beta2) * g * g;
      vMax[i] = Math.max(vMax[i] ?? NaN, v[i] ?? NaN);
      const second = amsgrad ? (vMax[i] ?? NaN) : (v[i] ?? NaN);
      const denominator = Math.sqrt(second) / Math.sqrt(1 - beta2 ** k) + eps;
      theta[i] = t - (lr / (1 - beta1 ** k)) * ((m[i] ?? NaN) / denominator);
    });
  };
}
