// Fused optimizer updates: one pass over a parameter and its state instead of a dozen
// elementwise ops (PyTorch's fused Adam). Not differentiable; optimizers run them under noGrad.
import { defineKernel, type TensorMeta } from './kernel-spec';

/** The scalars of one Adam step (torch.optim.Adam's formula, bias corrections precomputed). @category Optimizers */
export interface AdamUpdateAttrs {
  /** Learning rate. */
  lr: number;
  /** First-moment decay β₁. */
  beta1: number;
  /** Second-moment decay β₂. */
  beta2: number;
  /** Added to the bias-corrected √v. */
  eps: number;
  /** L2 penalty (added to g), or decoupled decay when `decoupledWeightDecay`. */
  weightDecay: number;
  /** AdamW: θ ← θ(1 − lr·weightDecay) instead of g ← g + weightDecay·θ. */
  decoupledWeightDecay: boolean;
  /** Keep the running maximum of v and divide by it (AMSGrad). */
  amsgrad: boolean;
  /** lr / (1 − β₁ᵗ). */
  stepSize: number;
  /** √(1 − β₂ᵗ). */
  biasCorrection2Sqrt: number;
}

/**
 * One Adam step: inputs θ, g, m, v, vMax (all one shape and dtype); outputs θ', m', v', vMax'
 * (vMax' = max(vMax, v') with AMSGrad, else v').
 */
export const adamUpdateSpec = defineKernel<AdamUpdateAttrs>({
  name: 'AdamUpdate',
  inputs: ['theta', 'g', 'm', 'v', 'vMax'],
  infer: ([theta]): TensorMeta[] => {
    const meta = { shape: theta?.shape ?? [], dtype: theta?.dtype ?? 'float32' };
    return [meta, meta, meta, meta];
  },
});
