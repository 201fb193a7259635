// Elementwise maps, broadcasting binary ops and reductions over float32, four lanes at a time:
// what a training step runs between its fused kernels (a bias add, a loss, a bias gradient)
// and what a model built from ops runs for its activations. The JS side copies the operands
// in and the result out; it routes only the cases these kernels cover here (contiguous data,
// the broadcasts below, a block of reduced axes) and the rest to the reference kernels.
import { expv, madd, sigmoidv, tanhv } from './simd';
import { ld, st } from './rows';
import {
  BINARY_ADD,
  BINARY_DIV,
  BINARY_MAXIMUM,
  BINARY_MINIMUM,
  BINARY_MUL,
  BINARY_SUB,
  OPERAND_COLUMN,
  OPERAND_FULL,
  OPERAND_ROW,
  OPERAND_SCALAR,
  REDUCE_MAX,
  REDUCE_MIN,
  REDUCE_SUM,
  UNARY_ABS,
  UNARY_EXP,
  UNARY_LOG,
  UNARY_NEG,
  UNARY_RELU,
  UNARY_SIGMOID,
  UNARY_SIGN,
  UNARY_SQRT,
  UNARY_TANH,
} from '../src/backends/wasm/codes';

/**
 * e^x with float32's full range: expv is accurate within ±87, so lanes beyond ±80 are shifted
 * by ∓16 and scaled back by e^±16 (reaching the subnormal results down to −103.97 and up to
 * the largest float below 88.72); beyond those, 0 and +Infinity. NaN stays NaN.
 */
// @ts-ignore: decorator
@inline
function expFull(x: v128): v128 {
  const low = f32x4.lt(x, f32x4.splat(-80));
  const high = f32x4.gt(x, f32x4.splat(80));
  const shift = v128.or(v128.and(low, f32x4.splat(16)), v128.and(high, f32x4.splat(-16)));
  const scale = v128.bitselect(
    f32x4.splat(1.1253517471925912e-7),
    v128.bitselect(f32x4.splat(8886110.520507872), f32x4.splat(1), high),
    low,
  );
  const y = f32x4.mul(expv(f32x4.add(x, shift)), scale);
  const under = f32x4.lt(x, f32x4.splat(-103.972084));
  const over = f32x4.gt(x, f32x4.splat(88.72283935546875));
  return v128.bitselect(f32x4.splat(Infinity), v128.andnot(y, under), over);
}

/**
 * ln x on four lanes (Cephes' logf: the exponent taken from the bits, the mantissa in
 * [√½, √2) minus 1 through a degree-9 polynomial). Subnormals are scaled by 2^23 first;
 * 0 gives −Infinity, negatives NaN, +Infinity and NaN themselves.
 */
// @ts-ignore: decorator
@inline
function logv(v: v128): v128 {
  const tiny = f32x4.lt(v, f32x4.splat(1.17549435e-38));
  let x = v128.bitselect(f32x4.mul(v, f32x4.splat(8388608.0)), v, tiny);
  let e = f32x4.convert_i32x4_s(i32x4.sub(i32x4.shr_u(x, 23), i32x4.splat(126)));
  e = f32x4.sub(e, v128.and(tiny, f32x4.splat(23)));
  // The mantissa as a float in [0.5, 1).
  x = v128.or(v128.and(x, i32x4.splat(0x807fffff)), i32x4.splat(0x3f000000));
  const small = f32x4.lt(x, f32x4.splat(0.707106781186547524));
  e = f32x4.sub(e, v128.and(small, f32x4.splat(1)));
  x = f32x4.sub(f32x4.add(x, v128.and(small, x)), f32x4.splat(1));
  const z = f32x4.mul(x, x);
  let y = f32x4.splat(7.0376836292e-2);
  y = madd(y, x, f32x4.splat(-1.1514610310e-1));
  y = madd(y, x, f32x4.splat(1.1676998740e-1));
  y = madd(y, x, f32x4.splat(-1.2420140846e-1));
  y = madd(y, x, f32x4.splat(1.4249322787e-1));
  y = madd(y, x, f32x4.splat(-1.6668057665e-1));
  y = madd(y, x, f32x4.splat(2.0000714765e-1));
  y = madd(y, x, f32x4.splat(-2.4999993993e-1));
  y = madd(y, x, f32x4.splat(3.3333331174e-1));
  y = f32x4.mul(f32x4.mul(y, x), z);
  y = madd(e, f32x4.splat(-2.12194440e-4), y);
  y = madd(z, f32x4.splat(-0.5), y);
  let r = f32x4.add(x, y);
  r = madd(e, f32x4.splat(0.693359375), r);
  // The special inputs: 0 → −∞, +∞ → +∞, negatives and NaN → NaN.
  r = v128.bitselect(f32x4.splat(-Infinity), r, f32x4.eq(v, f32x4.splat(0)));
  r = v128.bitselect(v, r, f32x4.eq(v, f32x4.splat(Infinity)));
  return v128.bitselect(f32x4.splat(NaN), r, v128.or(f32x4.lt(v, f32x4.splat(0)), f32x4.ne(v, v)));
}

// @ts-ignore: decorator
@inline
function unaryOp(op: i32, x: v128): v128 {
  switch (op) {
    case UNARY_NEG: return f32x4.neg(x);
    case UNARY_ABS: return f32x4.abs(x);
    case UNARY_SQRT: return f32x4.sqrt(x);
    case UNARY_TANH: return tanhv(x);
    case UNARY_SIGMOID: return sigmoidv(x);
    case UNARY_EXP: return expFull(x);
    case UNARY_LOG: return logv(x);
    case UNARY_SIGN: {
      // 1 for positives, −1 for negatives, x itself for ±0 and NaN.
      const positive = f32x4.gt(x, f32x4.splat(0));
      const negative = f32x4.lt(x, f32x4.splat(0));
      return v128.bitselect(f32x4.splat(1), v128.bitselect(f32x4.splat(-1), x, negative), positive);
    }
    default: {
      // relu keeps NaN, as PyTorch does: x where x > 0 or x is NaN, else 0.
      const keep = v128.or(f32x4.gt(x, f32x4.splat(0)), f32x4.ne(x, x));
      return v128.and(x, keep);
    }
  }
}

/** unaryF32 for one op (a constant once inlined, so the switch folds away). */
// @ts-ignore: decorator
@inline
function unaryRun(op: i32, x: usize, out: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at = <usize>i * 4;
    v128.store(out + at, unaryOp(op, v128.load(x + at)));
  }
  for (; i < n; i++) {
    const at = <usize>i * 4;
    st(out + at, unaryOp(op, ld(x + at, 1)), 1);
  }
}

/** out[i] = op(x[i]) for i < n. */
export function unaryF32(op: i32, x: usize, out: usize, n: i32): void {
  switch (op) {
    case UNARY_NEG: unaryRun(UNARY_NEG, x, out, n); break;
    case UNARY_ABS: unaryRun(UNARY_ABS, x, out, n); break;
    case UNARY_SQRT: unaryRun(UNARY_SQRT, x, out, n); break;
    case UNARY_TANH: unaryRun(UNARY_TANH, x, out, n); break;
    case UNARY_SIGMOID: unaryRun(UNARY_SIGMOID, x, out, n); break;
    case UNARY_EXP: unaryRun(UNARY_EXP, x, out, n); break;
    case UNARY_LOG: unaryRun(UNARY_LOG, x, out, n); break;
    case UNARY_SIGN: unaryRun(UNARY_SIGN, x, out, n); break;
    default: unaryRun(UNARY_RELU, x, out, n);
  }
}

// @ts-ignore: decorator
@inline
function binaryOp(op: i32, a: v128, b: v128): v128 {
  switch (op) {
    case BINARY_ADD: return f32x4.add(a, b);
    case BINARY_SUB: return f32x4.sub(a, b);
    case BINARY_MUL: return f32x4.mul(a, b);
    case BINARY_DIV: return f32x4.div(a, b);
    // max and min propagate NaN and order −0 below +0, as PyTorch's maximum and minimum.
    case BINARY_MAXIMUM: return f32x4.max(a, b);
    default: return f32x4.min(a, b);
  }
}

/** Where row m of an operand of kind `kind` starts. */
// @ts-ignore: decorator
@inline
function rowOf(p: usize, kind: i32, m: i32, N: i32): usize {
  if (kind == OPERAND_FULL) return p + <usize>(m * N) * 4;
  if (kind == OPERAND_COLUMN) return p + <usize>m * 4;
  return p;
}

/** binaryF32 for one op (a constant once inlined, so the switch folds away). */
// @ts-ignore: decorator
@inline
function binaryRun(op: i32, M: i32, N: i32, a: usize, aKind: i32, b: usize, bKind: i32, out: usize): void {
  if (aKind == OPERAND_FULL && bKind == OPERAND_FULL) {
    // Same shapes: one run over everything.
    const n = M * N;
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const at = <usize>i * 4;
      v128.store(out + at, binaryOp(op, v128.load(a + at), v128.load(b + at)));
    }
    for (; i < n; i++) {
      const at = <usize>i * 4;
      st(out + at, binaryOp(op, ld(a + at, 1), ld(b + at, 1)), 1);
    }
    return;
  }
  const aSplat = aKind == OPERAND_COLUMN || aKind == OPERAND_SCALAR;
  const bSplat = bKind == OPERAND_COLUMN || bKind == OPERAND_SCALAR;
  for (let m = 0; m < M; m++) {
    const pa = rowOf(a, aKind, m, N);
    const pb = rowOf(b, bKind, m, N);
    const po = out + <usize>(m * N) * 4;
    const sa = f32x4.splat(load<f32>(pa));
    const sb = f32x4.splat(load<f32>(pb));
    let j = 0;
    for (; j + 4 <= N; j += 4) {
      const at = <usize>j * 4;
      const x = aSplat ? sa : v128.load(pa + at);
      const y = bSplat ? sb : v128.load(pb + at);
      v128.store(po + at, binaryOp(op, x, y));
    }
    for (; j < N; j++) {
      const at = <usize>j * 4;
      const x = aSplat ? sa : ld(pa + at, 1);
      const y = bSplat ? sb : ld(pb + at, 1);
      st(po + at, binaryOp(op, x, y), 1);
    }
  }
}

/**
 * out[m, n] = op(a[m, n], b[m, n]) over an M × N output, each operand of kind OPERAND_FULL, OPERAND_ROW,
 * OPERAND_COLUMN or OPERAND_SCALAR (read in place, broadcast as the kind says).
 */
export function binaryF32(op: i32, M: i32, N: i32, a: usize, aKind: i32, b: usize, bKind: i32, out: usize): void {
  switch (op) {
    case BINARY_ADD: binaryRun(BINARY_ADD, M, N, a, aKind, b, bKind, out); break;
    case BINARY_SUB: binaryRun(BINARY_SUB, M, N, a, aKind, b, bKind, out); break;
    case BINARY_MUL: binaryRun(BINARY_MUL, M, N, a, aKind, b, bKind, out); break;
    case BINARY_DIV: binaryRun(BINARY_DIV, M, N, a, aKind, b, bKind, out); break;
    case BINARY_MAXIMUM: binaryRun(BINARY_MAXIMUM, M, N, a, aKind, b, bKind, out); break;
    default: binaryRun(BINARY_MINIMUM, M, N, a, aKind, b, bKind, out);
  }
}

/** The four lanes of a Max or Min folded into one value (NaN wins). */
// @ts-ignore: decorator
@inline
function fold(op: i32, v: v128): f32 {
  const a = f32x4.extract_lane(v, 0), b = f32x4.extract_lane(v, 1);
  const c = f32x4.extract_lane(v, 2), d = f32x4.extract_lane(v, 3);
  return op == REDUCE_MAX ? Mathf.max(Mathf.max(a, b), Mathf.max(c, d)) : Mathf.min(Mathf.min(a, b), Mathf.min(c, d));
}

/**
 * Reduces x, viewed as outer × R × inner, over R into out (outer × inner): Sum (accumulated
 * in float64, rounded once, as the reference does), Max or Min (NaN wins, as in PyTorch).
 * Sums over inner > 1 accumulate in `scratch` (inner float64 values). R ≥ 1.
 */
export function reduceF32(op: i32, x: usize, outer: i32, R: i32, inner: i32, out: usize, scratch: usize): void {
  const sum = op == REDUCE_SUM;
  for (let o = 0; o < outer; o++) {
    const base = x + <usize>(o * R * inner) * 4;
    const to = out + <usize>(o * inner) * 4;
    if (inner == 1 && sum) {
      // One contiguous run of R values, summed in two f64x2 accumulators.
      let lo = f64x2.splat(0), hi = f64x2.splat(0);
      let r = 0;
      for (; r + 4 <= R; r += 4) {
        const u = v128.load(base + <usize>r * 4);
        lo = f64x2.add(lo, f64x2.promote_low_f32x4(u));
        hi = f64x2.add(hi, f64x2.promote_low_f32x4(v128.shuffle<f32>(u, u, 2, 3, 0, 1)));
      }
      const s = f64x2.add(lo, hi);
      let total = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
      for (; r < R; r++) total += <f64>load<f32>(base + <usize>r * 4);
      store<f32>(to, <f32>total);
      continue;
    }
    if (inner == 1) {
      let v = f32x4.splat(load<f32>(base));
      let r = 0;
      for (; r + 4 <= R; r += 4) {
        const u = v128.load(base + <usize>r * 4);
        v = op == REDUCE_MAX ? f32x4.max(v, u) : f32x4.min(v, u);
      }
      let total = fold(op, v);
      for (; r < R; r++) {
        const u = load<f32>(base + <usize>r * 4);
        total = op == REDUCE_MAX ? Mathf.max(total, u) : Mathf.min(total, u);
      }
      store<f32>(to, total);
      continue;
    }
    // Row by row into the accumulators: every pass reads one contiguous row of inner values.
    if (sum) memory.fill(scratch, 0, <usize>inner * 8);
    else memory.copy(to, base, <usize>inner * 4);
    for (let r = sum ? 0 : 1; r < R; r++) {
      const row = base + <usize>(r * inner) * 4;
      let i = 0;
      for (; i + 4 <= inner; i += 4) {
        const u = v128.load(row + <usize>i * 4);
        if (sum) {
          const acc = scratch + <usize>i * 8;
          v128.store(acc, f64x2.add(v128.load(acc), f64x2.promote_low_f32x4(u)));
          v128.store(acc, f64x2.add(v128.load(acc, 16), f64x2.promote_low_f32x4(v128.shuffle<f32>(u, u, 2, 3, 0, 1))), 16);
        } else {
          const at = to + <usize>i * 4;
          v128.store(at, op == REDUCE_MAX ? f32x4.max(v128.load(at), u) : f32x4.min(v128.load(at), u));
        }
      }
      for (; i < inner; i++) {
        const u = load<f32>(row + <usize>i * 4);
        if (sum) {
          const acc = scratch + <usize>i * 8;
          store<f64>(acc, load<f64>(acc) + <f64>u);
        } else {
          const at = to + <usize>i * 4;
          store<f32>(at, op == REDUCE_MAX ? Mathf.max(load<f32>(at), u) : Mathf.min(load<f32>(at), u));
        }
      }
    }
    if (sum) for (let i = 0; i < inner; i++) store<f32>(to + <usize>i * 4, <f32>load<f64>(scratch + <usize>i * 8));
  }
}
