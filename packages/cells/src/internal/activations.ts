// Scalar activations for the fused steps: the logistic function, stable for large |x|.

/** σ(x) = 1 / (1 + e^{−x}), without overflow for large |x|. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** Adds `bias` (length `width`) to each of `rows` rows. */
export function addRowBias(
  target: Float64Array,
  rows: number,
  width: number,
  bias: Float64Array | null,
): void {
  if (bias === null) return;
  for (let row = 0; row < rows; row++)
    for (let k = 0; k < width; k++) target[row * width + k] = target[row * width + k]! + bias[k]!;
}
