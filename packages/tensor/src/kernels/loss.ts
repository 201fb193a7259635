// Fused loss kernels: softmax cross-entropy per row and its gradient, one pass over the logits
// each instead of the dozen elementwise ops and reductions the composite takes.
import { defineKernel, first, type TensorMeta } from './kernel-spec';

/** Attributes of SoftmaxCrossEntropy and its gradient. @category Losses */
export interface SoftmaxCrossEntropyAttrs {
  /** Rows whose target equals this contribute 0 (and get no gradient). */
  ignoreIndex: number;
  /** ε in [0, 1]: the target distribution is (1 − ε)·one-hot + ε/C. */
  labelSmoothing: number;
}

/**
 * Per row of logits `[M, C]` with int32 targets `[M]`: −Σ_c q_c · log softmax(x)_c, with
 * q = (1 − ε)·one-hot(target) + ε/C; 0 for ignored rows. Output `[M]`.
 */
export const softmaxCrossEntropySpec = defineKernel<SoftmaxCrossEntropyAttrs>({
  name: 'SoftmaxCrossEntropy',
  inputs: ['logits', 'target'],
  infer: (inputs): TensorMeta[] => {
    const x = first(inputs);
    return [{ shape: [x.shape[0] ?? 0], dtype: x.dtype }];
  },
});

/**
 * The gradient of SoftmaxCrossEntropy: (softmax(x) − q) · dLoss per row, 0 for ignored rows.
 * Inputs logits `[M, C]`, target `[M]`, dLoss `[M]`; output `[M, C]`.
 */
export const softmaxCrossEntropyGradSpec = defineKernel<SoftmaxCrossEntropyAttrs>({
  name: 'SoftmaxCrossEntropyGrad',
  inputs: ['logits', 'target', 'dLoss'],
  infer: (inputs): TensorMeta[] => {
    const x = first(inputs);
    return [{ shape: [...x.shape], dtype: x.dtype }];
  },
});
