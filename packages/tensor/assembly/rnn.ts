// The fused Elman RNN sequence: h' = tanh or relu(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh). Saved per
// row: h' (the activation's derivative needs only its output). Threads split product columns
// and units, or batch rows (ROWS), as in lstm.ts.
import { gemmPackedPanels } from './gemm';
import { tanhv } from './simd';
import { active, addOutputGradient, copy, holdEnded, ld, outRow, projRow, projectRow, st, storeNorm, zero } from './rows';
import { BATCH_FIRST, REVERSE, ROWS, RNN_RELU, SAVE } from '../src/backends/wasm/codes';
import { barrier, columnThread, columnThreads, partSlot, rowsEnd, rowsStart, shareEnd, shareStart } from './sync';

/**
 * Forward over T steps; proj [T, N, H] = x W_ihᵀ + b_ih + b_hh (or with ids, [T, N] int32, a
 * table whose rows the steps read by id; or with `inputs` > 0 x itself, projected each step
 * through wx as in lstmForward), whh = W_hhᵀ packed (K = N = H).
 * scratch holds N·H floats shared by the threads; block is this thread's A block.
 */
export function rnnForward(
  T: i32, N: i32, H: i32, flags: i32,
  proj: usize, ids: usize, wx: usize, inputs: i32, whh: usize, lengths: usize,
  h: usize, out: usize, savedH: usize, act: usize,
  scratch: usize, block: usize,
  tid: i32, threads: i32, sync: usize,
): void {
  const relu = (flags & RNN_RELU) != 0;
  const save = (flags & SAVE) != 0;
  const batchFirst = (flags & BATCH_FIRST) != 0;
  const rows = (flags & ROWS) != 0;
  const r0 = rowsStart(rows, N, tid, threads);
  const r1 = rowsEnd(rows, N, tid, threads);
  const ct = columnThread(rows, tid);
  const cn = columnThreads(rows, threads);
  const pre = scratch;
  const p0 = shareStart((H + 7) >> 3, ct, cn, 1);
  const p1 = shareEnd((H + 7) >> 3, ct, cn, 1);
  const col0 = p0 * 8;
  const col1 = min(p1 * 8, H);
  for (let step = 0; step < T; step++) {
    const t = (flags & REVERSE) != 0 ? T - 1 - step : step;
    if (save && ct == 0) copy(savedH + <usize>((t * N + r0) * H) * 4, h + <usize>(r0 * H) * 4, (r1 - r0) * H);
    const slot: i32 = save ? t : 0;
    const a = act + <usize>(slot * N * H) * 4;
    for (let b = r0; b < r1; b++) {
      const dst = pre + <usize>(b * H + col0) * 4;
      if (inputs == 0) copy(dst, projRow(proj, ids, t, N, b, H) + <usize>col0 * 4, col1 - col0);
      else projectRow(dst, projRow(proj, 0, t, N, b, inputs), inputs, wx + <usize>col0 * 4, H, col1 - col0);
    }
    const hr = h + <usize>(r0 * H) * 4;
    gemmPackedPanels(r1 - r0, H, H, hr, H, 1, whh, pre + <usize>(r0 * H) * 4, H, true, block, p0, p1);
    barrier(sync, cn);
    // Each thread finishes the columns it computed.
    for (let b = r0; b < r1; b++) {
      const at = <usize>(b * H) * 4;
      const ob = outRow(out, t, b, N, T, H, batchFirst);
      if (!active(lengths, b, t)) {
        zero(a + at + <usize>col0 * 4, col1 - col0);
        zero(ob + <usize>col0 * 4, col1 - col0);
        continue;
      }
      for (let j = col0; j < col1; j += 4) {
        const w = j + 4 <= col1 ? 4 : 1;
        const p = at + <usize>j * 4;
        const v = ld(pre + p, w);
        const next = relu ? f32x4.pmax(v, f32x4.splat(0)) : tanhv(v);
        st(a + p, next, w);
        st(h + p, next, w);
        st(ob + <usize>j * 4, next, w);
        if (w == 1) j -= 3;
      }
    }
    // After the last step the caller's join is the barrier (a stepper runs T = 1).
    if (step + 1 < T) barrier(sync, cn);
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
  const relu = (flags & RNN_RELU) != 0;
  const rows = (flags & ROWS) != 0;
  const r0 = rowsStart(rows, N, tid, threads);
  const r1 = rowsEnd(rows, N, tid, threads);
  const ct = columnThread(rows, tid);
  const cn = columnThreads(rows, threads);
  const part = partSlot(rows, tid);
  const len: usize = lengths == 0 ? 0 : lengths + <usize>r0 * 4;
  const hold = scratch + <usize>(r0 * H) * 4;
  const p0 = shareStart((H + 7) >> 3, ct, cn, 1);
  const p1 = shareEnd((H + 7) >> 3, ct, cn, 1);
  const col0 = p0 * 8;
  const col1 = min(p1 * 8, H);
  for (let step = T - 1; step >= 0; step--) {
    const t = (flags & REVERSE) != 0 ? T - 1 - step : step;
    const dhr = dh + <usize>(r0 * H) * 4;
    if (ct == 0) {
      const total = addOutputGradient(dhr, dOut + <usize>((t * N + r0) * H) * 4, r1 - r0, H, len, t);
      storeNorm(norms, part, T, t, total, rows);
      holdEnded(dhr, H, 0, 0, r1 - r0, len, t, hold, false);
    }
    barrier(sync, cn);
    const a = act + <usize>(t * N * H) * 4;
    const dP = dPre + <usize>(t * N * H) * 4;
    for (let b = r0; b < r1; b++) {
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
    barrier(sync, cn);
    gemmPackedPanels(r1 - r0, H, H, dP + <usize>(r0 * H) * 4, H, 1, whh, dhr, H, false, block, p0, p1);
    barrier(sync, cn);
    if (ct == 0) holdEnded(dhr, H, 0, 0, r1 - r0, len, t, hold, true);
  }
}
