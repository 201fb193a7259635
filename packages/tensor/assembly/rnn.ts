// The fused Elman RNN sequence: h' = tanh or relu(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh). Saved per
// row: h' (the activation's derivative needs only its output). Threads split product columns
// and units as in lstm.ts.
import { gemmPackedPanels } from './gemm';
import { tanhv } from './simd';
import { active, addOutputGradient, copy, holdEnded, ld, st, zero } from './rows';
import { barrier, shareEnd, shareStart } from './sync';

export const RELU: i32 = 1;
export const RNN_REVERSE: i32 = 4;
export const RNN_SAVE: i32 = 8;

/**
 * Forward over T steps; proj [T, N, H] = x W_ihᵀ + b_ih + b_hh, whh = W_hhᵀ packed (K = N = H).
 * scratch holds N·H floats shared by the threads; block is this thread's A block.
 */
export function rnnForward(
  T: i32, N: i32, H: i32, flags: i32,
  proj: usize, whh: usize, lengths: usize,
  h: usize, out: usize, savedH: usize, act: usize,
  scratch: usize, block: usize,
  tid: i32, threads: i32, sync: usize,
): void {
  const relu = (flags & RELU) != 0;
  const save = (flags & RNN_SAVE) != 0;
  const pre = scratch;
  const p0 = shareStart((H + 7) >> 3, tid, threads, 1);
  const p1 = shareEnd((H + 7) >> 3, tid, threads, 1);
  const col0 = p0 * 8;
  const col1 = min(p1 * 8, H);
  for (let step = 0; step < T; step++) {
    const t = (flags & RNN_REVERSE) != 0 ? T - 1 - step : step;
    if (save && tid == 0) copy(savedH + <usize>(t * N * H) * 4, h, N * H);
    const slot: i32 = save ? t : 0;
    const a = act + <usize>(slot * N * H) * 4;
    const o_t = out + <usize>(t * N * H) * 4;
    const x_t = proj + <usize>(t * N * H) * 4;
    for (let b = 0; b < N; b++) {
      copy(pre + <usize>(b * H + col0) * 4, x_t + <usize>(b * H + col0) * 4, col1 - col0);
    }
    gemmPackedPanels(N, H, H, h, H, 1, whh, pre, H, true, block, p0, p1);
    barrier(sync, threads);
    // Each thread finishes the columns it computed.
    for (let b = 0; b < N; b++) {
      const at = <usize>(b * H) * 4;
      if (!active(lengths, b, t)) {
        zero(a + at + <usize>col0 * 4, col1 - col0);
        zero(o_t + at + <usize>col0 * 4, col1 - col0);
        continue;
      }
      for (let j = col0; j < col1; j += 4) {
        const w = j + 4 <= col1 ? 4 : 1;
        const p = at + <usize>j * 4;
        const v = ld(pre + p, w);
        const next = relu ? f32x4.max(v, f32x4.splat(0)) : tanhv(v);
        st(a + p, next, w);
        st(h + p, next, w);
        st(o_t + p, next, w);
        if (w == 1) j -= 3;
      }
    }
    barrier(sync, threads);
  }
}

/**
 * Backward over the steps in reverse order of the forward; fills dPre [T, N, H]. whh = W_hh
 * packed as B. scratch holds N·H floats shared by the threads.
 */
export function rnnBackward(
  T: i32, N: i32, H: i32, flags: i32,
  act: usize, lengths: usize, whh: usize,
  dOut: usize, dh: usize, dPre: usize,
  norms: usize,
  scratch: usize, block: usize,
  tid: i32, threads: i32, sync: usize,
): void {
  const relu = (flags & RELU) != 0;
  const hold = scratch;
  const p0 = shareStart((H + 7) >> 3, tid, threads, 1);
  const p1 = shareEnd((H + 7) >> 3, tid, threads, 1);
  const col0 = p0 * 8;
  const col1 = min(p1 * 8, H);
  for (let step = T - 1; step >= 0; step--) {
    const t = (flags & RNN_REVERSE) != 0 ? T - 1 - step : step;
    if (tid == 0) {
      const total = addOutputGradient(dh, dOut + <usize>(t * N * H) * 4, N, H, lengths, t);
      if (norms != 0) store<f64>(norms + <usize>t * 8, Math.sqrt(total));
      holdEnded(dh, H, 0, 0, N, lengths, t, hold, false);
    }
    barrier(sync, threads);
    const a = act + <usize>(t * N * H) * 4;
    const dP = dPre + <usize>(t * N * H) * 4;
    for (let b = 0; b < N; b++) {
      for (let j = col0; j < col1; j += 4) {
        const w = j + 4 <= col1 ? 4 : 1;
        const p = <usize>(b * H + j) * 4;
        const y = ld(a + p, w);
        const d = ld(dh + p, w);
        const g = relu
          ? v128.and(d, f32x4.gt(y, f32x4.splat(0)))
          : f32x4.mul(d, f32x4.sub(f32x4.splat(1), f32x4.mul(y, y)));
        st(dP + p, g, w);
        if (w == 1) j -= 3;
      }
    }
    barrier(sync, threads);
    gemmPackedPanels(N, H, H, dP, H, 1, whh, dh, H, false, block, p0, p1);
    barrier(sync, threads);
    if (tid == 0) holdEnded(dh, H, 0, 0, N, lengths, t, hold, true);
  }
}
