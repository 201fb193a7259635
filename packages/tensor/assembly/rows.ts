// Row helpers of the fused sequences: loads and stores of 4 lanes (or 1 at a row's tail),
// row copies, biases, column sums and the squared norm used by the gradient-norm record.
import { lane0, madd } from './simd';

/** Four lanes at ptr, or one lane splatted when w is 1 (a row's tail). */
// @ts-ignore: decorator
@inline
export function ld(ptr: usize, w: i32): v128 {
  return w == 4 ? v128.load(ptr) : f32x4.splat(load<f32>(ptr));
}

/** Stores four lanes, or lane 0 when w is 1. */
// @ts-ignore: decorator
@inline
export function st(ptr: usize, v: v128, w: i32): void {
  if (w == 4) v128.store(ptr, v);
  else store<f32>(ptr, f32x4.extract_lane(v, 0));
}

/** Copies n floats. */
// @ts-ignore: decorator
@inline
export function copy(dst: usize, src: usize, n: i32): void {
  memory.copy(dst, src, <usize>n * 4);
}

/** Zeroes n floats. */
// @ts-ignore: decorator
@inline
export function zero(dst: usize, n: i32): void {
  memory.fill(dst, 0, <usize>n * 4);
}

/** to[j] += from[j] for j < n. */
// @ts-ignore: decorator
@inline
function addRow(to: usize, from: usize, n: i32): void {
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const at = <usize>j * 4;
    v128.store(to + at, f32x4.add(v128.load(to + at), v128.load(from + at)));
  }
  for (; j < n; j++) {
    const at = <usize>j * 4;
    store<f32>(to + at, load<f32>(to + at) + load<f32>(from + at));
  }
}

/** Adds `bias` (length cols) to every row of a rows × cols matrix; bias 0 means none. */
export function addRowBias(matrix: usize, rows: i32, cols: i32, bias: usize): void {
  if (bias == 0) return;
  for (let r = 0; r < rows; r++) {
    const row = matrix + <usize>(r * cols) * 4;
    addRow(row, bias, cols);
  }
}

/** out[cols] (+)= the column sums of a rows × cols matrix whose rows are `stride` floats apart. */
export function columnSums(matrix: usize, rows: i32, cols: i32, stride: i32, out: usize, accumulate: bool): void {
  if (!accumulate) zero(out, cols);
  for (let r = 0; r < rows; r++) {
    const row = matrix + <usize>(r * stride) * 4;
    addRow(out, row, cols);
  }
}

/**
 * The input projection row of step t, batch row b: row t·N + b of proj, or with `ids` (int32
 * per step and batch row) row ids[t·N + b] of proj, a table projected once per token.
 */
// @ts-ignore: decorator
@inline
export function projRow(proj: usize, ids: usize, t: i32, N: i32, b: i32, width: i32): usize {
  const r = t * N + b;
  const row = ids == 0 ? r : load<i32>(ids + (<usize>r << 2));
  return proj + <usize>row * <usize>width * 4;
}

/**
 * dst[j] = w[j] + Σ_{i < inputs} x[i]·w[(1 + i)·stride + j] for j < n: one step's input
 * projection of a few features, computed where it is used (w holds the projection's bias row,
 * then W_ihᵀ's rows, `stride` floats apart; dst and w point at the first column).
 */
export function projectRow(dst: usize, x: usize, inputs: i32, w: usize, stride: i32, n: i32): void {
  const step = <usize>stride * 4;
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const at = <usize>j * 4;
    let acc = v128.load(w + at);
    for (let i = 0; i < inputs; i++) {
      acc = madd(v128.load32_splat(x + <usize>i * 4), v128.load(w + step * <usize>(1 + i) + at), acc);
    }
    v128.store(dst + at, acc);
  }
  for (; j < n; j++) {
    const at = <usize>j * 4;
    let acc = load<f32>(w + at);
    for (let i = 0; i < inputs; i++) {
      acc = lane0(madd(f32x4.splat(load<f32>(x + <usize>i * 4)), f32x4.splat(load<f32>(w + step * <usize>(1 + i) + at)), f32x4.splat(acc)));
    }
    store<f32>(dst + at, acc);
  }
}

/** The output row of step t, batch row b: time-major (t·N + b) or with batchFirst b·T + t. */
// @ts-ignore: decorator
@inline
export function outRow(out: usize, t: i32, b: i32, N: i32, T: i32, width: i32, batchFirst: bool): usize {
  const r = batchFirst ? b * T + t : t * N + b;
  return out + <usize>r * <usize>width * 4;
}

/** True when batch row b is still running at time t (lengths 0 means all run T steps). */
// @ts-ignore: decorator
@inline
export function active(lengths: usize, b: i32, t: i32): bool {
  return lengths == 0 || t < load<i32>(lengths + <usize>b * 4);
}

/** Adds dOut's rows to dh for the rows still running at t, and returns the squared norm of dh over them. */
export function addOutputGradient(dh: usize, dOut: usize, N: i32, R: i32, lengths: usize, t: i32): f64 {
  let total: f64 = 0;
  for (let b = 0; b < N; b++) {
    if (!active(lengths, b, t)) continue;
    const row = dh + <usize>(b * R) * 4;
    const from = dOut + <usize>(b * R) * 4;
    for (let j = 0; j < R; j++) {
      const v = load<f32>(row + <usize>j * 4) + load<f32>(from + <usize>j * 4);
      store<f32>(row + <usize>j * 4, v);
      total += <f64>v * <f64>v;
    }
  }
  return total;
}

/** Moves the rows that ended before t out of dh (and dc) into hold, zeroing them; `restore` puts them back. */
export function holdEnded(dh: usize, R: i32, dc: usize, H: i32, N: i32, lengths: usize, t: i32, hold: usize, restore: bool): void {
  if (lengths == 0) return;
  const width = R + H;
  for (let b = 0; b < N; b++) {
    if (active(lengths, b, t)) continue;
    const place = hold + <usize>(b * width) * 4;
    const h = dh + <usize>(b * R) * 4;
    const c = dc + <usize>(b * H) * 4;
    if (restore) {
      copy(h, place, R);
      if (dc != 0) copy(c, place + <usize>R * 4, H);
    } else {
      copy(place, h, R);
      zero(h, R);
      if (dc != 0) {
        copy(place + <usize>R * 4, c, H);
        zero(c, H);
      }
    }
  }
}

/**
 * Records step t's gradient norm: √total at norms[t], or in rows mode (total over this
 * thread's rows only) the squared partial at norms[part·T + t], for the caller to add up.
 */
// @ts-ignore: decorator
@inline
export function storeNorm(norms: usize, part: i32, T: i32, t: i32, total: f64, rows: bool): void {
  if (norms == 0) return;
  if (rows) store<f64>(norms + <usize>(part * T + t) * 8, total);
  else store<f64>(norms + <usize>t * 8, Math.sqrt(total));
}

/** dst row r = src row ids[r], for r < rows; rows of `width` floats (an embedding lookup). */
export function gatherRows(src: usize, ids: usize, rows: i32, width: i32, dst: usize): void {
  for (let r = 0; r < rows; r++) {
    const id = load<i32>(ids + (<usize>r << 2));
    copy(dst + <usize>(r * width) * 4, src + <usize>(id * width) * 4, width);
  }
}

/** dst row ids[r] += src row r, for r < rows; rows of `width` floats (a lookup's backward). */
export function scatterAddRows(src: usize, ids: usize, rows: i32, width: i32, dst: usize): void {
  for (let r = 0; r < rows; r++) {
    const from = src + <usize>(r * width) * 4;
    const to = dst + <usize>(load<i32>(ids + (<usize>r << 2)) * width) * 4;
    addRow(to, from, width);
  }
}
