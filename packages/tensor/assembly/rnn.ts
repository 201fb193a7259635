// The fused Elman RNN sequence: h' = tanh or relu(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh). Saved per
// row: h' (the activation's derivative needs only its output).
import { gemmPacked } from './gemm';
import { tanhv } from './simd';
import { active, addOutputGradient, copy, holdEnded, ld, st, zero } from './rows';

export const RELU: i32 = 1;
export const RNN_REVERSE: i32 = 4;
export const RNN_SAVE: i32 = 8;

/** Forward over T steps; proj [T, N, H] = x W_ihᵀ + b_ih + b_hh, whh = W_hhᵀ packed (K = N = H). */
export function rnnForward(
  T: i32,
  N: i32,
  H: i32,
  flags: i32,
  proj: usize,
  whh: usize,
  lengths: usize,
  h: usize,
  out: usize,
  savedH: usize,
  act: usize,
  scratch: usize,
): void {
  const relu = (flags & RELU) != 0;
  const save = (flags & RNN_SAVE) != 0;
  const pre = scratch;
  const gemmScratch = pre + <usize>(N * H) * 4;
  for (let step = 0; step < T; step++) {
    const t = (flags & RNN_REVERSE) != 0 ? T - 1 - step : step;
    if (save) copy(savedH + <usize>(t * N * H) * 4, h, N * H);
    const slot: i32 = save ? t : 0;
    const a = act + <usize>(slot * N * H) * 4;
    const o_t = out + <usize>(t * N * H) * 4;
    copy(pre, proj + <usize>(t * N * H) * 4, N * H);
    gemmPacked(N, H, H, h, H, 1, whh, pre, H, true, gemmScratch);
    for (let b = 0; b < N; b++) {
      const at = <usize>(b * H) * 4;
      if (!active(lengths, b, t)) {
        zero(a + at, H);
        zero(o_t + at, H);
        continue;
      }
      for (let j = 0; j < H; j += 4) {
        const w = j + 4 <= H ? 4 : 1;
        const p = at + <usize>j * 4;
        const v = ld(pre + p, w);
        const next = relu ? f32x4.max(v, f32x4.splat(0)) : tanhv(v);
        st(a + p, next, w);
        st(h + p, next, w);
        st(o_t + p, next, w);
        if (w == 1) j -= 3;
      }
    }
  }
}

/** Backward over the steps in reverse order of the forward; fills dPre [T, N, H]. whh = W_hh packed as B. */
export function rnnBackward(
  T: i32,
  N: i32,
  H: i32,
  flags: i32,
  act: usize,
  lengths: usize,
  whh: usize,
  dOut: usize,
  dh: usize,
  dPre: usize,
  norms: usize,
  scratch: usize,
): void {
  const relu = (flags & RELU) != 0;
  const hold = scratch;
  const gemmScratch = hold + <usize>(N * H) * 4;
  for (let step = T - 1; step >= 0; step--) {
    const t = (flags & RNN_REVERSE) != 0 ? T - 1 - step : step;
    const total = addOutputGradient(dh, dOut + <usize>(t * N * H) * 4, N, H, lengths, t);
    if (norms != 0) store<f64>(norms + <usize>t * 8, Math.sqrt(total));
    holdEnded(dh, H, 0, 0, N, lengths, t, hold, false);
    const a = act + <usize>(t * N * H) * 4;
    const dP = dPre + <usize>(t * N * H) * 4;
    for (let k = 0; k < N * H; k += 4) {
      const w = k + 4 <= N * H ? 4 : 1;
      const p = <usize>k * 4;
      const y = ld(a + p, w);
      const d = ld(dh + p, w);
      const g = relu
        ? v128.and(d, f32x4.gt(y, f32x4.splat(0)))
        : f32x4.mul(d, f32x4.sub(f32x4.splat(1), f32x4.mul(y, y)));
      st(dP + p, g, w);
      if (w == 1) k -= 3;
    }
    gemmPacked(N, H, H, dP, H, 1, whh, dh, H, false, gemmScratch);
    holdEnded(dh, H, 0, 0, N, lengths, t, hold, true);
  }
}
