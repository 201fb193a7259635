// Small dense matrix products on float64 arrays, row-major, with offsets, used by the fused
// recurrent forward and backward. `C (+)= A·Bᵀ`, `A·B` and `Aᵀ·B`: the three shapes an RNN
// step and its weight gradients need. The equation symbols follow BLAS (m, n, k).

/** `C[m×n] (+)= A[m×k] · B[n×k]ᵀ` (B stored as n rows of k, like a PyTorch weight). */
export function gemmNT(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  aOffset: number,
  b: Float64Array,
  bOffset: number,
  c: Float64Array,
  cOffset: number,
  accumulate: boolean,
): void {
  for (let i = 0; i < m; i++) {
    const aRow = aOffset + i * k;
    const cRow = cOffset + i * n;
    let j = 0;
    // Four dot products at once: each a[i, p] is loaded once for four rows of B.
    for (; j + 4 <= n; j += 4) {
      const b0 = bOffset + j * k;
      const b1 = b0 + k;
      const b2 = b1 + k;
      const b3 = b2 + k;
      let t0 = 0;
      let t1 = 0;
      let t2 = 0;
      let t3 = 0;
      for (let p = 0; p < k; p++) {
        const x = a[aRow + p]!;
        t0 += x * b[b0 + p]!;
        t1 += x * b[b1 + p]!;
        t2 += x * b[b2 + p]!;
        t3 += x * b[b3 + p]!;
      }
      if (accumulate) {
        c[cRow + j] = c[cRow + j]! + t0;
        c[cRow + j + 1] = c[cRow + j + 1]! + t1;
        c[cRow + j + 2] = c[cRow + j + 2]! + t2;
        c[cRow + j + 3] = c[cRow + j + 3]! + t3;
      } else {
        c[cRow + j] = t0;
        c[cRow + j + 1] = t1;
        c[cRow + j + 2] = t2;
        c[cRow + j + 3] = t3;
      }
    }
    for (; j < n; j++) {
      const bRow = bOffset + j * k;
      let total = 0;
      for (let p = 0; p < k; p++) total += a[aRow + p]! * b[bRow + p]!;
      c[cRow + j] = accumulate ? c[cRow + j]! + total : total;
    }
  }
}

/** `C[m×n] (+)= A[m×k] · B[k×n]`. */
export function gemmNN(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  aOffset: number,
  b: Float64Array,
  bOffset: number,
  c: Float64Array,
  cOffset: number,
  accumulate: boolean,
): void {
  for (let i = 0; i < m; i++) {
    const cRow = cOffset + i * n;
    if (!accumulate) c.fill(0, cRow, cRow + n);
    const aRow = aOffset + i * k;
    let p = 0;
    // Two rows of B per pass over the row of C.
    for (; p + 2 <= k; p += 2) {
      const x0 = a[aRow + p]!;
      const x1 = a[aRow + p + 1]!;
      const b0 = bOffset + p * n;
      const b1 = b0 + n;
      for (let j = 0; j < n; j++) c[cRow + j] = c[cRow + j]! + x0 * b[b0 + j]! + x1 * b[b1 + j]!;
    }
    for (; p < k; p++) {
      const x = a[aRow + p]!;
      const bRow = bOffset + p * n;
      for (let j = 0; j < n; j++) c[cRow + j] = c[cRow + j]! + x * b[bRow + j]!;
    }
  }
}

/**
 * `C[m×n] += A[k×m]ᵀ · B[k×n]`: a sum of outer products over k rows (weight gradients).
 * `aStride` and `bStride` are the row strides of A and B, so A may be a column block of a
 * wider matrix.
 */
export function gemmTN(
  m: number,
  n: number,
  k: number,
  a: Float64Array,
  aOffset: number,
  aStride: number,
  b: Float64Array,
  bOffset: number,
  bStride: number,
  c: Float64Array,
  cOffset: number,
): void {
  let p = 0;
  // Two outer products per pass over C.
  for (; p + 2 <= k; p += 2) {
    const a0 = aOffset + p * aStride;
    const a1 = a0 + aStride;
    const b0 = bOffset + p * bStride;
    const b1 = b0 + bStride;
    for (let i = 0; i < m; i++) {
      const x0 = a[a0 + i]!;
      const x1 = a[a1 + i]!;
      if (x0 === 0 && x1 === 0) continue;
      const cRow = cOffset + i * n;
      for (let j = 0; j < n; j++) c[cRow + j] = c[cRow + j]! + x0 * b[b0 + j]! + x1 * b[b1 + j]!;
    }
  }
  for (; p < k; p++) {
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
