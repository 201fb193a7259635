// cpu fused loss kernels: softmax cross-entropy per row and its gradient, float64 sums.
import { allocateTypedArray } from '../../../dtype';
import { input, output, type CpuKernel } from '../cpu-tensor';

/** Per row: log Σ exp(x), through the row's maximum so large logits stay finite. */
function logSumExp(x: ArrayLike<number>, at: number, C: number): number {
  let max = -Infinity;
  for (let c = 0; c < C; c++) max = Math.max(max, x[at + c]!);
  if (max === -Infinity || max === Infinity) return max;
  let sum = 0;
  for (let c = 0; c < C; c++) sum += Math.exp(x[at + c]! - max);
  return max + Math.log(sum);
}

const softmaxCrossEntropy: CpuKernel<'SoftmaxCrossEntropy'> = (inputs, attrs, outputs) => {
  const logits = input(inputs, 0);
  const x = logits.values;
  const target = input(inputs, 1).values;
  const [M = 0, C = 0] = logits.shape;
  const { ignoreIndex, labelSmoothing: eps } = attrs;
  const loss = allocateTypedArray(output(outputs).dtype, M);
  for (let r = 0; r < M; r++) {
    const t = target[r]!;
    if (t === ignoreIndex) continue;
    const at = r * C;
    const lse = logSumExp(x, at, C);
    let value = (1 - eps) * (lse - x[at + t]!);
    if (eps > 0) {
      let mean = 0;
      for (let c = 0; c < C; c++) mean += x[at + c]!;
      value += eps * (lse - mean / C);
    }
    loss[r] = value;
  }
  return [loss];
};

const softmaxCrossEntropyGrad: CpuKernel<'SoftmaxCrossEntropyGrad'> = (inputs, attrs, outputs) => {
  const logits = input(inputs, 0);
  const x = logits.values;
  const target = input(inputs, 1).values;
  const dLoss = input(inputs, 2).values;
  const [M = 0, C = 0] = logits.shape;
  const { ignoreIndex, labelSmoothing: eps } = attrs;
  const dx = allocateTypedArray(output(outputs).dtype, M * C);
  const spread = eps / C;
  for (let r = 0; r < M; r++) {
    const t = target[r]!;
    if (t === ignoreIndex) continue;
    const at = r * C;
    const lse = logSumExp(x, at, C);
    const g = dLoss[r]!;
    for (let c = 0; c < C; c++) dx[at + c] = (Math.exp(x[at + c]! - lse) - spread) * g;
    dx[at + t] = dx[at + t]! - (1 - eps) * g;
  }
  return [dx];
};

/** The cpu loss kernels. */
export const lossKernels = {
  SoftmaxCrossEntropy: softmaxCrossEntropy,
  SoftmaxCrossEntropyGrad: softmaxCrossEntropyGrad,
} satisfies {
  SoftmaxCrossEntropy: CpuKernel<'SoftmaxCrossEntropy'>;
  SoftmaxCrossEntropyGrad: CpuKernel<'SoftmaxCrossEntropyGrad'>;
};
