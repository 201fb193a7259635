// Gradient of the fused softmax cross-entropy: one pass (its own kernel) in the logits; the
// class targets get none.
import { softmaxCrossEntropyBackward } from '@unroll/tensor';
import { defineGradRule, saved } from '../grad-rule';

/** dLogits = (softmax(x) − q) · dLoss per row; targets get no gradient. */
export const softmaxCrossEntropyGrad = defineGradRule<'SoftmaxCrossEntropy'>({
  save: { inputs: [0, 1] },
  backward: (dy, context) => [
    softmaxCrossEntropyBackward(saved(context, 0), saved(context, 1), dy, context.attrs),
    null,
  ],
});
