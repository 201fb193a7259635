// cpu fused optimizer updates: one float64 pass per element, rounded once on store.
import { allocateTypedArray } from '../../../dtype';
import { input, output, type CpuKernel } from '../cpu-tensor';

const adamUpdate: CpuKernel<'AdamUpdate'> = (inputs, attrs, outputs) => {
  const { lr, beta1, beta2, eps, weightDecay, decoupledWeightDecay, amsgrad } = attrs;
  const { stepSize, biasCorrection2Sqrt } = attrs;
  const theta = input(inputs, 0).values;
  const g = input(inputs, 1).values;
  const m = input(inputs, 2).values;
  const v = input(inputs, 3).values;
  const vMax = input(inputs, 4).values;
  const dtype = output(outputs).dtype;
  const [thetaOut, mOut, vOut] = [0, 1, 2].map(() => allocateTypedArray(dtype, theta.length)) as [
    ReturnType<typeof allocateTypedArray>,
    ReturnType<typeof allocateTypedArray>,
    ReturnType<typeof allocateTypedArray>,
  ];
  const vMaxOut = amsgrad ? allocateTypedArray(dtype, theta.length) : vOut;
  const decay = decoupledWeightDecay ? 1 - lr * weightDecay : 1;
  const l2 = decoupledWeightDecay ? 0 : weightDecay;
  for (let k = 0; k < theta.length; k++) {
    const t = theta[k]! * decay;
    const grad = g[k]! + theta[k]! * l2;
    const mk = m[k]! * beta1 + grad * (1 - beta1);
    const vk = v[k]! * beta2 + grad * grad * (1 - beta2);
    mOut[k] = mk;
    vOut[k] = vk;
    let second = vOut[k]!;
    if (amsgrad) {
      second = Math.max(vMax[k]!, second);
      vMaxOut[k] = second;
    }
    thetaOut[k] = t - (mOut[k]! / (Math.sqrt(second) / biasCorrection2Sqrt + eps)) * stepSize;
  }
  return [thetaOut, mOut, vOut, vMaxOut];
};

/** The cpu optimizer kernels. */
export const optimizerKernels = { AdamUpdate: adamUpdate } satisfies {
  AdamUpdate: CpuKernel<'AdamUpdate'>;
};
