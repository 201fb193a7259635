// Small dense matrix products on float64 arrays, row-major, with offsets, used by the fused
// recurrent forward and backward. `C (+)= A·Bᵀ`, `A·B` and `Aᵀ·B`: the three shapes an RNN
// step and its weight gradients need. The equation symbols follow BLAS (m, n, k).

/** `C[m×n] (+)= A[m×k] · B[n×k]ᵀ` (B stored as n rows of k, like a PyTorch weight). */
export function gemmNT(
  m: number, n: number, k: number,
  a: Float64Array, aOffset: number,
  b: Float64Array, bOffset: number,
  c: Float64Array, cOffset: number,
  accumulate: boolean,
): void {
  for (let i = 0; i < m; i++) {
    const aRow = aOffset + i * k;
    const cRow = cOffset + i * n;
    for (let j = 0; j < n; j++) {
      const bRow = bOffset + j * k;
      let total = 0;
      for (let p = 0; p < k; p++) total += a[aRow + p]! * b[bRow + p]!;
      c[cRow + j] = accumulate ? c[cRow + j]! + total : total;
    }
  }
}

/** `C[m×n] (+)= A[m×k] · B[k×n]`. */
export function gemmNN(
  m: number, n: number, k: number,
  a: Float64Array, aOffset: number,
  b: Float64Array, bOffset: number,
  c: Float64Array, cOffset: number,
  accumulate: boolean,
): void {
  for (let i = 0; i < m; i++) {
    const cRow = cOffset + i * n;
    if (!accumulate) c.fill(0, cRow, cRow + n);
    for (let p = 0; p < k; p++) {
      const value = a[aOffset + i * k + p]!;
      if (value === 0) continue;
      const bRow = bOffset + p * n;
      for (let j = 0; j < n; j++) c[cRow + j] = c[cRow + j]! + value * b[bRow + j]!;
    }
  }
}

/**
 * `C[m×n] += A[k×m]ᵀ · B[k×n]`: a sum of outer products over k rows (weight gradients).
 * `aStride` and `bStride` are the row strides of A and B, so A may be a column block of a
 * wider matrix.
 */
export function gemmTN(
  m: number, n: number, k: number,
  a: Float64Array, aOffset: number, aStride: number,
  b: Float64Array, bOffset: number, bStride: number,
  c: Float64Array, cOffset: number,
): void {
  for (let p = 0; p < k; p++) {
    const aRow = aOffset + p * aStride;
    const bRow = bOffset + p * bStride;
    for (let i = 0; i < m; i++) {
      const value = a[aRow + i]!;
      if (value === 0) continue;
      const cRow = cOffset + i * n;
      for (let j = 0; j < n; j++) c[cRow + j] = c[cRow + j]! + value * b[bRow + j]!;
    }
  }
}
