// Matrix products C (+)= A·B in float32 with a 4×8 register-blocked f32x4 micro-kernel over
// packed operands (KERNELS.md). Operands are described by strides in elements, so one routine
// covers A, Aᵀ, B and Bᵀ and matrices inside wider rows. B is packed in chunks of KC rows,
// each chunk a run of 8-column panels (zero-padded at the right edge); A is packed per block
// of 4 rows and chunk. Weights can be packed once (packB) and reused (gemmPacked).
import { KC } from '../src/backends/wasm/codes';
import { madd } from './simd';

/** Bytes of a packed B with K rows and N columns. */
export function packedSize(K: i32, N: i32): i32 {
  return K * ((N + 7) >> 3) * 8 * 4;
}

/** Bytes of scratch `gemm` and `gemmPacked` need (the packed B of `gemm` and one A block). */
export function gemmScratchSize(K: i32, N: i32): i32 {
  return packedSize(K, N) + KC * 4 * 4;
}

/**
 * Packs B (K × N, element (k, n) at b + (k·bk + n·bn)·4) into chunks of KC rows, each a run of
 * 8-column panels of kc rows.
 */
export function packB(K: i32, N: i32, b: usize, bk: i32, bn: i32, dst: usize): void {
  packBPanels(K, N, b, bk, bn, dst, 0, (N + 7) >> 3);
}

/** packB for panels p0 … p1−1 only (the columns one thread of a split product packs). */
export function packBPanels(
  K: i32,
  N: i32,
  b: usize,
  bk: i32,
  bn: i32,
  dst: usize,
  p0: i32,
  p1: i32,
): void {
  const panels = (N + 7) >> 3;
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = min(KC, K - k0);
    const chunk = dst + <usize>(k0 * panels * 8) * 4;
    for (let p = p0; p < p1; p++) {
      const panel = chunk + <usize>(p * kc * 8) * 4;
      const n0 = p * 8;
      const width = min(8, N - n0);
      for (let k = 0; k < kc; k++) {
        const row = panel + <usize>(k * 8) * 4;
        const src = b + <usize>((k0 + k) * bk + n0 * bn) * 4;
        if (width == 8 && bn == 1) {
          v128.store(row, v128.load(src));
          v128.store(row, v128.load(src, 16), 16);
        } else {
          for (let c = 0; c < 8; c++) {
            store<f32>(row + <usize>c * 4, c < width ? load<f32>(src + <usize>(c * bn) * 4) : 0);
          }
        }
      }
    }
  }
}

/** Packs rows m0 … m0+3 (zero rows past M) of A's columns k0 … k0+kc as kc groups of 4. */
// @ts-ignore: decorator
@inline
function packA(a: usize, am: i32, ak: i32, m0: i32, rows: i32, k0: i32, kc: i32, dst: usize): void {
  if (am == 1 && rows == 4) {
    // Aᵀ stored row-major (a weight gradient's dPreᵀ): the 4 rows of each k are contiguous.
    let src = a + <usize>(m0 + k0 * ak) * 4;
    const step = <usize>ak * 4;
    for (let k = 0; k < kc; k++) {
      v128.store(dst + <usize>k * 16, v128.load(src));
      src += step;
    }
    return;
  }
  if (ak == 1 && rows == 4) {
    // Row-major A (activations): 4 × 4 blocks, each transposed in registers, so that a
    // product with few output panels (a head over every step) is not bound by packing.
    const r0 = a + <usize>(m0 * am + k0) * 4;
    const r1 = r0 + <usize>am * 4;
    const r2 = r1 + <usize>am * 4;
    const r3 = r2 + <usize>am * 4;
    let k = 0;
    for (; k + 4 <= kc; k += 4) {
      const at = <usize>k * 4;
      const x0 = v128.load(r0 + at);
      const x1 = v128.load(r1 + at);
      const x2 = v128.load(r2 + at);
      const x3 = v128.load(r3 + at);
      const lo01 = v128.shuffle<f32>(x0, x1, 0, 4, 1, 5);
      const hi01 = v128.shuffle<f32>(x0, x1, 2, 6, 3, 7);
      const lo23 = v128.shuffle<f32>(x2, x3, 0, 4, 1, 5);
      const hi23 = v128.shuffle<f32>(x2, x3, 2, 6, 3, 7);
      const out = dst + at * 4;
      v128.store(out, v128.shuffle<f32>(lo01, lo23, 0, 1, 4, 5));
      v128.store(out, v128.shuffle<f32>(lo01, lo23, 2, 3, 6, 7), 16);
      v128.store(out, v128.shuffle<f32>(hi01, hi23, 0, 1, 4, 5), 32);
      v128.store(out, v128.shuffle<f32>(hi01, hi23, 2, 3, 6, 7), 48);
    }
    for (; k < kc; k++) {
      const at = <usize>k * 4;
      const out = dst + at * 4;
      store<f32>(out, load<f32>(r0 + at));
      store<f32>(out, load<f32>(r1 + at), 4);
      store<f32>(out, load<f32>(r2 + at), 8);
      store<f32>(out, load<f32>(r3 + at), 12);
    }
    return;
  }
  for (let r = 0; r < 4; r++) {
    const src = a + <usize>((m0 + r) * am + k0 * ak) * 4;
    if (r < rows) {
      for (let k = 0; k < kc; k++) store<f32>(dst + <usize>(k * 4 + r) * 4, load<f32>(src + <usize>(k * ak) * 4));
    } else {
      for (let k = 0; k < kc; k++) store<f32>(dst + <usize>(k * 4 + r) * 4, 0);
    }
  }
}

/** Stores (or adds) one 4-lane row segment, `count` lanes of it. */
// @ts-ignore: decorator
@inline
function put(ptr: usize, v: v128, count: i32, add: bool): void {
  if (count >= 4) {
    v128.store(ptr, add ? f32x4.add(v128.load(ptr), v) : v);
  } else {
    for (let l = 0; l < count; l++) {
      const x = f32x4.extract_lane(v, 0);
      store<f32>(ptr + <usize>l * 4, add ? load<f32>(ptr + <usize>l * 4) + x : x);
      v = v128.shuffle<f32>(v, v, 1, 2, 3, 0);
    }
  }
}

/** C[4×8] (+)= Apacked[kc×4] · Bpanel[kc×8]; stores `rows` × `cols` of the block. */
function micro4x8(kc: i32, ap: usize, bp: usize, c: usize, ldc: i32, rows: i32, cols: i32, add: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let k = 0; k < kc; k++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load32_splat(ap);
    c00 = madd(a, b0, c00);
    c01 = madd(a, b1, c01);
    a = v128.load32_splat(ap, 4);
    c10 = madd(a, b0, c10);
    c11 = madd(a, b1, c11);
    a = v128.load32_splat(ap, 8);
    c20 = madd(a, b0, c20);
    c21 = madd(a, b1, c21);
    a = v128.load32_splat(ap, 12);
    c30 = madd(a, b0, c30);
    c31 = madd(a, b1, c31);
    ap += 16;
    bp += 32;
  }
  const stride = <usize>ldc * 4;
  const right = cols - 4;
  put(c, c00, cols, add);
  put(c + 16, c01, right, add);
  if (rows < 2) return;
  c += stride;
  put(c, c10, cols, add);
  put(c + 16, c11, right, add);
  if (rows < 3) return;
  c += stride;
  put(c, c20, cols, add);
  put(c + 16, c21, right, add);
  if (rows < 4) return;
  c += stride;
  put(c, c30, cols, add);
  put(c + 16, c31, right, add);
}

/** One row of C (+)= a[kc] · Bpanel[kc×8], A read in place with stride ak (batch 1). */
function micro1x8(kc: i32, a: usize, ak: i32, bp: usize, c: usize, cols: i32, add: bool): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0);
  let d0 = f32x4.splat(0), d1 = f32x4.splat(0);
  const step = <usize>ak * 4;
  let k = 0;
  for (; k + 1 < kc; k += 2) {
    const a0 = v128.load32_splat(a);
    const a1 = v128.load32_splat(a + step);
    c0 = madd(a0, v128.load(bp), c0);
    c1 = madd(a0, v128.load(bp, 16), c1);
    d0 = madd(a1, v128.load(bp, 32), d0);
    d1 = madd(a1, v128.load(bp, 48), d1);
    a += step * 2;
    bp += 64;
  }
  if (k < kc) {
    const a0 = v128.load32_splat(a);
    c0 = madd(a0, v128.load(bp), c0);
    c1 = madd(a0, v128.load(bp, 16), c1);
  }
  put(c, f32x4.add(c0, d0), cols, add);
  put(c + 16, f32x4.add(c1, d1), cols - 4, add);
}

/**
 * One row of C (+)= a[kc] · three adjacent panels (24 columns), A read in place with stride ak
 * (batch 1). A multiply-add waits for the previous one into its accumulator, so one panel's
 * accumulators ran at the instruction's latency; three panels keep six in flight and share
 * each splat of a (six accumulators, six panel rows and the splat fit V8's 15 registers:
 * eight accumulators spilled and ran slower). 1×256·256×1024: 18.3 → 14.1 µs (relaxed SIMD).
 */
function micro1x24(kc: i32, a: usize, ak: i32, bp: usize, c: usize, add: bool): void {
  let c0 = f32x4.splat(0), c1 = f32x4.splat(0);
  let d0 = f32x4.splat(0), d1 = f32x4.splat(0);
  let e0 = f32x4.splat(0), e1 = f32x4.splat(0);
  const step = <usize>ak * 4;
  const panel = <usize>(kc * 8) * 4;
  for (let k = 0; k < kc; k++) {
    const a0 = v128.load32_splat(a);
    c0 = madd(a0, v128.load(bp), c0);
    c1 = madd(a0, v128.load(bp, 16), c1);
    d0 = madd(a0, v128.load(bp + panel), d0);
    d1 = madd(a0, v128.load(bp + panel, 16), d1);
    e0 = madd(a0, v128.load(bp + panel * 2), e0);
    e1 = madd(a0, v128.load(bp + panel * 2, 16), e1);
    a += step;
    bp += 32;
  }
  put(c, c0, 4, add);
  put(c + 16, c1, 4, add);
  put(c + 32, d0, 4, add);
  put(c + 48, d1, 4, add);
  put(c + 64, e0, 4, add);
  put(c + 80, e1, 4, add);
}

/**
 * C (+)= A·B with B already packed by packB. A is M × K, element (m, k) at a + (m·am + k·ak)·4;
 * C is M × N with row stride ldc. `accumulate` adds to C instead of overwriting it.
 */
export function gemmPacked(
  M: i32, N: i32, K: i32,
  a: usize, am: i32, ak: i32,
  packed: usize,
  c: usize, ldc: i32,
  accumulate: bool,
  scratch: usize,
): void {
  gemmPackedPanels(M, N, K, a, am, ak, packed, c, ldc, accumulate, scratch, 0, (N + 7) >> 3);
}

/**
 * gemmPacked for the output columns of panels p0 … p1−1 only: two threads split a product by
 * columns, each with its own scratch.
 */
export function gemmPackedPanels(
  M: i32, N: i32, K: i32,
  a: usize, am: i32, ak: i32,
  packed: usize,
  c: usize, ldc: i32,
  accumulate: bool,
  scratch: usize,
  p0: i32, p1: i32,
): void {
  const panels = (N + 7) >> 3;
  if (K == 0) {
    if (!accumulate) {
      const n0 = p0 * 8;
      const n1 = min(p1 * 8, N);
      for (let m = 0; m < M; m++) memory.fill(c + <usize>(m * ldc + n0) * 4, 0, <usize>(n1 - n0) * 4);
    }
    return;
  }
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = min(KC, K - k0);
    const chunk = packed + <usize>(k0 * panels * 8) * 4;
    const add = accumulate || k0 > 0;
    let m0 = 0;
    for (; m0 + 4 <= M; m0 += 4) {
      packA(a, am, ak, m0, 4, k0, kc, scratch);
      for (let p = p0; p < p1; p++) {
        micro4x8(kc, scratch, chunk + <usize>(p * kc * 8) * 4, c + <usize>(m0 * ldc + p * 8) * 4, ldc, 4, min(8, N - p * 8), add);
      }
    }
    const left = M - m0;
    if (left == 0) continue;
    if (left == 1) {
      const row = a + <usize>(m0 * am + k0 * ak) * 4;
      let p = p0;
      for (; p + 2 < p1 && (p + 3) * 8 <= N; p += 3) {
        micro1x24(kc, row, ak, chunk + <usize>(p * kc * 8) * 4, c + <usize>(m0 * ldc + p * 8) * 4, add);
      }
      for (; p < p1; p++) {
        micro1x8(kc, row, ak, chunk + <usize>(p * kc * 8) * 4, c + <usize>(m0 * ldc + p * 8) * 4, min(8, N - p * 8), add);
      }
    } else {
      packA(a, am, ak, m0, left, k0, kc, scratch);
      for (let p = p0; p < p1; p++) {
        micro4x8(kc, scratch, chunk + <usize>(p * kc * 8) * 4, c + <usize>(m0 * ldc + p * 8) * 4, ldc, left, min(8, N - p * 8), add);
      }
    }
  }
}

/**
 * C (+)= A·B, packing B into `scratch` first (gemmScratchSize(K, N) bytes). B is K × N, element
 * (k, n) at b + (k·bk + n·bn)·4.
 */
export function gemm(
  M: i32, N: i32, K: i32,
  a: usize, am: i32, ak: i32,
  b: usize, bk: i32, bn: i32,
  c: usize, ldc: i32,
  accumulate: bool,
  scratch: usize,
): void {
  packB(K, N, b, bk, bn, scratch);
  gemmPacked(M, N, K, a, am, ak, scratch, c, ldc, accumulate, scratch + <usize>packedSize(K, N));
}

/**
 * C (+)= A·B with B packed, for a small K (a projection of a few input features): each row of
 * A times the packed panels directly. The 4×8 micro-kernel would run one or two of its
 * iterations per call here, and packing A would cost more than the product.
 */
export function gemmSmallK(
  M: i32, N: i32, K: i32,
  a: usize, am: i32, ak: i32,
  packed: usize,
  c: usize, ldc: i32,
  accumulate: bool,
): void {
  const panels = (N + 7) >> 3;
  for (let p = 0; p < panels; p++) {
    const bp = packed + <usize>(p * K * 8) * 4;
    const cols = min(8, N - p * 8);
    const cp = c + <usize>(p * 8) * 4;
    if (K == 1 && cols == 8 && !accumulate) {
      // One input feature (a univariate series): C's rows are scaled copies of B's one row.
      const b0 = v128.load(bp);
      const b1 = v128.load(bp, 16);
      for (let m = 0; m < M; m++) {
        const s = v128.load32_splat(a + <usize>(m * am) * 4);
        const cm = cp + <usize>(m * ldc) * 4;
        v128.store(cm, f32x4.mul(s, b0));
        v128.store(cm, f32x4.mul(s, b1), 16);
      }
      continue;
    }
    for (let m = 0; m < M; m++) {
      const row = a + <usize>(m * am) * 4;
      let c0 = f32x4.splat(0);
      let c1 = f32x4.splat(0);
      for (let k = 0; k < K; k++) {
        const s = v128.load32_splat(row + <usize>(k * ak) * 4);
        c0 = madd(s, v128.load(bp + <usize>(k * 32)), c0);
        c1 = madd(s, v128.load(bp + <usize>(k * 32), 16), c1);
      }
      const cm = cp + <usize>(m * ldc) * 4;
      put(cm, c0, cols, accumulate);
      put(cm + 16, c1, cols - 4, accumulate);
    }
  }
}

/**
 * C (+)= Aᵀ·B for a small N (the weight gradient of a few input features): A is K × M (row k
 * at a + k·lda), B is K × N (row k at b + k·ldb), C is M × N. Each of A's rows is added, scaled
 * by B's N values, into Cᵀ's rows in `scratch` (N·M floats), which are then written to C: one
 * pass over A, where the packed product would fill 8-column panels with N of them used.
 */
export function gemmTSmallN(
  M: i32, N: i32, K: i32,
  a: usize, lda: i32,
  b: usize, ldb: i32,
  c: usize, ldc: i32,
  accumulate: bool,
  scratch: usize,
): void {
  memory.fill(scratch, 0, <usize>(N * M) * 4);
  for (let k = 0; k < K; k++) {
    const ak = a + <usize>(k * lda) * 4;
    for (let n = 0; n < N; n++) {
      const s = v128.load32_splat(b + <usize>(k * ldb + n) * 4);
      const out = scratch + <usize>(n * M) * 4;
      let m = 0;
      for (; m + 4 <= M; m += 4) {
        const at = <usize>m * 4;
        v128.store(out + at, madd(s, v128.load(ak + at), v128.load(out + at)));
      }
      for (; m < M; m++) {
        const at = <usize>m * 4;
        store<f32>(out + at, load<f32>(out + at) + f32x4.extract_lane(s, 0) * load<f32>(ak + at));
      }
    }
  }
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) {
      const to = c + <usize>(m * ldc + n) * 4;
      const value = load<f32>(scratch + <usize>(n * M + m) * 4);
      store<f32>(to, accumulate ? load<f32>(to) + value : value);
    }
  }
}
