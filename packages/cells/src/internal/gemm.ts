// Small dense matrix products on float64 arrays, row-major, with offsets, used by the fused
// recurrent forward and backward. `C (+)= A·Bᵀ`, `A·B` and `Aᵀ·B`: the three shapes an RNN
// step and its weight gradients need. The equation symbols follow BLAS (m, n, k). The loops are
// blocked so that a few rows of C stay in L1 while a row (or block) of B is read once for all
// of them: the weight matrices here (4H × H) do not fit in cache.

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
  let i = 0;
  // Two rows of A against four rows of B: eight dot products share each load.
  for (; i + 2 <= m; i += 2) {
    const a0 = aOffset + i * k;
    const a1 = a0 + k;
    const c0 = cOffset + i * n;
    const c1 = c0 + n;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const b0 = bOffset + j * k;
      const b1 = b0 + k;
      const b2 = b1 + k;
      const b3 = b2 + k;
      let s00 = 0,
        s01 = 0,
        s02 = 0,
        s03 = 0,
        s10 = 0,
        s11 = 0,
        s12 = 0,
        s13 = 0;
      for (let p = 0; p < k; p++) {
        const x0 = a[a0 + p]!;
        const x1 = a[a1 + p]!;
        const y0 = b[b0 + p]!;
        const y1 = b[b1 + p]!;
        const y2 = b[b2 + p]!;
        const y3 = b[b3 + p]!;
        s00 += x0 * y0;
        s01 += x0 * y1;
        s02 += x0 * y2;
        s03 += x0 * y3;
        s10 += x1 * y0;
        s11 += x1 * y1;
        s12 += x1 * y2;
        s13 += x1 * y3;
      }
      if (accumulate) {
        c[c0 + j] = c[c0 + j]! + s00;
        c[c0 + j + 1] = c[c0 + j + 1]! + s01;
        c[c0 + j + 2] = c[c0 + j + 2]! + s02;
        c[c0 + j + 3] = c[c0 + j + 3]! + s03;
        c[c1 + j] = c[c1 + j]! + s10;
        c[c1 + j + 1] = c[c1 + j + 1]! + s11;
        c[c1 + j + 2] = c[c1 + j + 2]! + s12;
        c[c1 + j + 3] = c[c1 + j + 3]! + s13;
      } else {
        c[c0 + j] = s00;
        c[c0 + j + 1] = s01;
        c[c0 + j + 2] = s02;
        c[c0 + j + 3] = s03;
        c[c1 + j] = s10;
        c[c1 + j + 1] = s11;
        c[c1 + j + 2] = s12;
        c[c1 + j + 3] = s13;
      }
    }
    for (; j < n; j++) {
      const bRow = bOffset + j * k;
      let s0 = 0;
      let s1 = 0;
      for (let p = 0; p < k; p++) {
        const y = b[bRow + p]!;
        s0 += a[a0 + p]! * y;
        s1 += a[a1 + p]! * y;
      }
      c[c0 + j] = accumulate ? c[c0 + j]! + s0 : s0;
      c[c1 + j] = accumulate ? c[c1 + j]! + s1 : s1;
    }
  }
  // A last odd row (and batch-1 generation): four dot products at once.
  for (; i < m; i++) {
    const aRow = aOffset + i * k;
    const cRow = cOffset + i * n;
    let j = 0;
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
      c[cRow + j] = accumulate ? c[cRow + j]! + t0 : t0;
      c[cRow + j + 1] = accumulate ? c[cRow + j + 1]! + t1 : t1;
      c[cRow + j + 2] = accumulate ? c[cRow + j + 2]! + t2 : t2;
      c[cRow + j + 3] = accumulate ? c[cRow + j + 3]! + t3 : t3;
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
  if (!accumulate) for (let i = 0; i < m; i++) c.fill(0, cOffset + i * n, cOffset + (i + 1) * n);
  let i = 0;
  // Four rows of C at once: each row of B is read once for all four.
  for (; i + 4 <= m; i += 4) {
    const a0 = aOffset + i * k;
    const c0 = cOffset + i * n;
    const c1 = c0 + n;
    const c2 = c1 + n;
    const c3 = c2 + n;
    for (let p = 0; p < k; p++) {
      const x0 = a[a0 + p]!;
      const x1 = a[a0 + k + p]!;
      const x2 = a[a0 + 2 * k + p]!;
      const x3 = a[a0 + 3 * k + p]!;
      const bRow = bOffset + p * n;
      for (let j = 0; j < n; j++) {
        const y = b[bRow + j]!;
        c[c0 + j] = c[c0 + j]! + x0 * y;
        c[c1 + j] = c[c1 + j]! + x1 * y;
        c[c2 + j] = c[c2 + j]! + x2 * y;
        c[c3 + j] = c[c3 + j]! + x3 * y;
      }
    }
  }
  for (; i < m; i++) {
    const aRow = aOffset + i * k;
    const cRow = cOffset + i * n;
    for (let p = 0; p < k; p++) {
      const x = a[aRow + p]!;
      const bRow = bOffset + p * n;
      for (let j = 0; j < n; j++) c[cRow + j] = c[cRow + j]! + x * b[bRow + j]!;
    }
  }
}

/** Rows of B per block in {@link gemmTN}: 64 rows of a few hundred doubles stay in L2. */
const K_BLOCK = 64;

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
  for (let p0 = 0; p0 < k; p0 += K_BLOCK) {
    const p1 = Math.min(k, p0 + K_BLOCK);
    let i = 0;
    // Four rows of C against a block of rows of B.
    for (; i + 4 <= m; i += 4) {
      const c0 = cOffset + i * n;
      const c1 = c0 + n;
      const c2 = c1 + n;
      const c3 = c2 + n;
      for (let p = p0; p < p1; p++) {
        const aRow = aOffset + p * aStride + i;
        const x0 = a[aRow]!;
        const x1 = a[aRow + 1]!;
        const x2 = a[aRow + 2]!;
        const x3 = a[aRow + 3]!;
        if (x0 === 0 && x1 === 0 && x2 === 0 && x3 === 0) continue;
        const bRow = bOffset + p * bStride;
        for (let j = 0; j < n; j++) {
          const y = b[bRow + j]!;
          c[c0 + j] = c[c0 + j]! + x0 * y;
          c[c1 + j] = c[c1 + j]! + x1 * y;
          c[c2 + j] = c[c2 + j]! + x2 * y;
          c[c3 + j] = c[c3 + j]! + x3 * y;
        }
      }
    }
    for (; i < m; i++) {
      const cRow = cOffset + i * n;
      for (let p = p0; p < p1; p++) {
        const x = a[aOffset + p * aStride + i]!;
        if (x === 0) continue;
        const bRow = bOffset + p * bStride;
        for (let j = 0; j < n; j++) c[cRow + j] = c[cRow + j]! + x * b[bRow + j]!;
      }
    }
  }
}
