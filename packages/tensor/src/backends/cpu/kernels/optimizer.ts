// cpu fused optimizer updates: one float64 pass per element, rounded once on store.
import { allocateTypedArray } from '../../../dtype';
import { input, output, type CpuKernel } from '../cpu-tensor';
import type { AdamUpdateAttrs } from '../../../kernels/optimizer';

const adamUpdate: CpuKernel<'AdamUpdate'> = (inputs, attrs, outputs) => {
  const theta = input(inputs, 0).values;
  const dtype = output(outputs).dtype;
  const n = theta.length;
  const thetaOut = allocateTypedArray(dtype, n);
  const mOut = allocateTypedArray(dtype, n);
  const vOut = allocateTypedArray(dtype, n);
  const vMaxOut = attrs.amsgrad ? allocateTypedArray(dtype, n) : vOut;
  const value = (k: number): Floats => input(inputs, k).values as Floats;
  const outs = [thetaOut, mOut, vOut, vMaxOut] as const;
  adamLoop(attrs, [value(0), value(1), value(2), value(3), value(4)], outs as unknown as Four);
  return [thetaOut, mOut, vOut, vMaxOut];
};

type Floats = Float32Array | Float64Array;
type Five = readonly [Floats, Floats, Floats, Floats, Floats];
type Four = readonly [Floats, Floats, Floats, Floats];

/** The Adam loop over arrays of one type, constants hoisted, each value read once. */
function adamLoop(
  attrs: AdamUpdateAttrs,
  [theta, g, m, v, vMax]: Five,
  [thetaOut, mOut, vOut, vMaxOut]: Four,
): void {
  const { lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay, amsgrad } = attrs;
  const { stepSize, biasCorrection2Sqrt } = attrs;
  const decay = decoupledWeightDecay ? 1 - lr * weightDecay : 1;
  const l2 = decoupledWeightDecay ? 0 : weightDecay;
  const keep1 = 1 - beta1;
  const keep2 = 1 - beta2;
  const n = theta.length;
  for (let k = 0; k < n; k++) {
    const tk = theta[k]!;
    const grad = g[k]! + tk * l2;
    const mk = m[k]! * beta1 + grad * keep1;
    let vk = v[k]! * beta2 + grad * grad * keep2;
    mOut[k] = mk;
    vOut[k] = vk;
    if (amsgrad) {
      vk = Math.max(vMax[k]!, vOut[k]!);
      vMaxOut[k] = vk;
    } else {
      vk = vOut[k]!; // the stored (rounded) value, as the two-array formula reads it
    }
    thetaOut[k] = tk * decay - (mOut[k]! / (Math.sqrt(vk) / biasCorrection2Sqrt + eps)) * stepSize;
  }
}

/** The cpu optimizer kernels. */
export const optimizerKernels = { AdamUpdate: adamUpdate } satisfies {
  AdamUpdate: CpuKernel<'AdamUpdate'>;
};
