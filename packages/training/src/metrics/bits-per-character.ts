// Bits per character: a mean cross-entropy in nats converted to bits.
import type { Tensor } from '@unroll/tensor';
import { scalarValue } from './scalar';

/**
 * Bits per character of a character-level model, from its mean cross-entropy in nats.
 * ```math
 * bpc = meanLoss / ln 2
 * ```
 * @param meanLossNats - the mean cross-entropy per character, in nats, as `crossEntropy` returns it; a number or a one-element tensor
 * @returns the loss in bits (uniform guessing over 256 bytes gives 8)
 * @throws {ArgumentError} if the loss is neither a number nor a one-element tensor
 * @example
 * ```ts
 * bitsPerCharacter(Math.log(256)); // 8
 * ```
 * @see torch.nn.functional.cross_entropy (divide its nats by ln 2)
 * @category Metrics
 */
export function bitsPerCharacter(meanLossNats: number | Tensor): number {
  return scalarValue(meanLossNats, 'bitsPerCharacter', 'meanLossNats') / Math.LN2;
}
