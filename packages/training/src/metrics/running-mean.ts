// RunningMean: a weighted mean accumulated one value at a time, for losses and metrics
// averaged over an epoch.
import { ArgumentError, type Tensor } from '@unroll/tensor';
import { scalarValue } from './scalar';

/**
 * A weighted running mean: add values (numbers or one-element tensors such as a batch's
 * loss) with weights (such as the batch's token count), read the mean at any time.
 * ```math
 * value = Σ_i w_i · x_i / Σ_i w_i
 * ```
 * Reading `value` before anything has been added (or after {@link RunningMean.reset}) gives NaN.
 * @example
 * ```ts
 * const epochLoss = new RunningMean();
 * epochLoss.add(crossEntropy(logits, targets), targets.size);
 * epochLoss.value; // the token-weighted mean loss so far
 * ```
 * @see torchmetrics.aggregation.MeanMetric
 * @category Metrics
 */
export class RunningMean {
  #weightedSum = 0;
  #totalWeight = 0;

  /**
   * Adds one value with its weight.
   * @param value - a number or a one-element tensor
   * @param weight - a finite number ≥ 0 (default 1)
   * @throws {ArgumentError} for a multi-element tensor or a negative or non-finite weight
   */
  add(value: number | Tensor, weight = 1): void {
    const x = scalarValue(value, 'RunningMean.add', 'value');
    if (typeof weight !== 'number' || !(weight >= 0) || weight === Infinity) {
      throw new ArgumentError(
        `RunningMean.add: weight must be a finite number ≥ 0, got ${String(weight)}.`,
        {
          argument: 'weight',
        },
      );
    }
    this.#weightedSum += weight * x;
    this.#totalWeight += weight;
  }

  /** The weighted mean of everything added since construction or the last reset (NaN if none). */
  get value(): number {
    return this.#totalWeight === 0 ? NaN : this.#weightedSum / this.#totalWeight;
  }

  /** The total weight added so far (the count, with unit weights). */
  get weight(): number {
    return this.#totalWeight;
  }

  /** Forgets everything added. */
  reset(): void {
    this.#weightedSum = 0;
    this.#totalWeight = 0;
  }
}
