// Perplexity: the exponential of a mean cross-entropy in nats.
import type { Tensor } from '@unroll/tensor';
import { scalarValue } from './scalar';

/**
 * Perplexity of a language model from its mean per-token cross-entropy in nats.
 * ```math
 * perplexity = e^{meanLoss}
 * ```
 * A model that spreads its guesses uniformly over V tokens has perplexity V.
 * @param meanLossNats - the mean cross-entropy per token, in nats (natural log), as `crossEntropy` returns it; a number or a one-element tensor
 * @returns the perplexity, ≥ 1 for a non-negative loss
 * @throws {ArgumentError} if the loss is neither a number nor a one-element tensor
 * @example
 * ```ts
 * perplexity(Math.log(50)); // 50
 * perplexity(crossEntropy(logits, targets));
 * ```
 * @see torchmetrics.text.Perplexity
 * @category Metrics
 */
export function perplexity(meanLossNats: number | Tensor): number {
  return Math.exp(scalarValue(meanLossNats, 'perplexity', 'meanLossNats'));
}
