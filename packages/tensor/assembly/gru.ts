// The fused GRU sequence, reset-after (PyTorch's) or reset-before (the original GRU). Saved per
// row, as the cpu kernel does: r, z, n, and R_n h + b_hn (reset-after) or r ⊙ h (reset-before).
// Threads split product columns and units, or batch rows (ROWS), as in lstm.ts.
import { gemmPackedPanels } from './gemm';
import { gateSigmoid, madd, tanhv } from './simd';
import { active, addOutputGradient, copy, holdEnded, ld, outRow, projRow, st, storeNorm, zero } from './rows';
import { BATCH_FIRST, GRU_RESET_BEFORE, REVERSE, ROWS, SAVE } from '../src/backends/wasm/codes';
import { barrier, columnThread, columnThreads, partSlot, rowsEnd, rowsStart, shareEnd, shareStart } from './sync';

/**
 * Forward over T steps. proj is [T, N, 3H] = x W_ihᵀ + b_ih, or with ids ([T, N] int32) a
 * table whose rows the steps read by id. Reset-after: whh is W_hhᵀ packed
 * (K = H, N = 3H). Reset-before: whh packs the r and z blocks (N = 2H) and whn the n block
 * (N = H). bhh is b_hh [3H] or 0. h [N, H] holds h0 and receives hN. scratch holds N·3H
 * floats shared by the threads; block is this thread's A block.
 */
export function gruForward(
  T: i32, N: i32, H: i32, flags: i32,
  proj: usize, ids: usize, whh: usize, whn: usize, bhh: usize,
  lengths: usize,
  h: usize, out: usize,
  savedH: usize, act: usize,
  scratch: usize, block: usize,
  tid: i32, threads: i32, sync: usize,
): void {
  const before = (flags & GRU_RESET_BEFORE) != 0;
  const save = (flags & SAVE) != 0;
  const batchFirst = (flags & BATCH_FIRST) != 0;
  const H3 = 3 * H;
  const width = 4 * H;
  const rows = (flags & ROWS) != 0;
  const r0 = rowsStart(rows, N, tid, threads);
  const r1 = rowsEnd(rows, N, tid, threads);
  const ct = columnThread(rows, tid);
  const cn = columnThreads(rows, threads);
  const nr = r1 - r0;
  const hp = scratch;
  const wide = before ? 2 * H : H3;
  const q0 = shareStart((wide + 7) >> 3, ct, cn, 1);
  const q1 = shareEnd((wide + 7) >> 3, ct, cn, 1);
  const n0 = shareStart((H + 7) >> 3, ct, cn, 1);
  const n1 = shareEnd((H + 7) >> 3, ct, cn, 1);
  const j0 = shareStart(H, ct, cn, 4);
  const j1 = shareEnd(H, ct, cn, 4);
  for (let step = 0; step < T; step++) {
    const t = (flags & REVERSE) != 0 ? T - 1 - step : step;
    if (save && ct == 0) copy(savedH + <usize>((t * N + r0) * H) * 4, h + <usize>(r0 * H) * 4, nr * H);
    const slot: i32 = save ? t : 0;
    const a = act + <usize>(slot * N * width) * 4;
    gemmPackedPanels(nr, wide, H, h + <usize>(r0 * H) * 4, H, 1, whh, hp + <usize>(r0 * H3) * 4, H3, false, block, q0, q1);
    barrier(sync, cn);
    // r and z (and r ⊙ h before the reset product).
    for (let b = r0; b < r1; b++) {
      const xr = projRow(proj, ids, t, N, b, H3);
      const hr = hp + <usize>(b * H3) * 4;
      const row = a + <usize>(b * width) * 4;
      for (let j = j0; j < j1; j += 4) {
        const w = j + 4 <= j1 ? 4 : 1;
        const jj = <usize>j * 4;
        let preR = f32x4.add(ld(xr + jj, w), ld(hr + jj, w));
        let preZ = f32x4.add(ld(xr + <usize>H * 4 + jj, w), ld(hr + <usize>H * 4 + jj, w));
        if (bhh != 0) {
          preR = f32x4.add(preR, ld(bhh + jj, w));
          preZ = f32x4.add(preZ, ld(bhh + <usize>H * 4 + jj, w));
        }
        const r = gateSigmoid(preR);
        st(row + jj, r, w);
        st(row + <usize>H * 4 + jj, gateSigmoid(preZ), w);
        if (before) st(row + <usize>(3 * H) * 4 + jj, f32x4.mul(r, ld(h + <usize>(b * H + j) * 4, w)), w);
        if (w == 1) j -= 3;
      }
    }
    if (before) {
      barrier(sync, cn);
      const rh = a + <usize>(r0 * width + 3 * H) * 4;
      gemmPackedPanels(nr, H, H, rh, width, 1, whn, hp + <usize>(r0 * H3 + 2 * H) * 4, H3, false, block, n0, n1);
      barrier(sync, cn);
    }
    for (let b = r0; b < r1; b++) {
      const row = a + <usize>(b * width) * 4;
      if (!active(lengths, b, t)) {
        for (let k = 0; k < 4; k++) zero(row + <usize>(k * H + j0) * 4, j1 - j0);
        zero(outRow(out, t, b, N, T, H, batchFirst) + <usize>j0 * 4, j1 - j0);
        continue;
      }
      const xn = projRow(proj, ids, t, N, b, H3) + <usize>(2 * H) * 4;
      const ob = outRow(out, t, b, N, T, H, batchFirst);
      const hn = hp + <usize>(b * H3 + 2 * H) * 4;
      for (let j = j0; j < j1; j += 4) {
        const w = j + 4 <= j1 ? 4 : 1;
        const jj = <usize>j * 4;
        let rec = ld(hn + jj, w);
        if (bhh != 0) rec = f32x4.add(rec, ld(bhh + <usize>(2 * H) * 4 + jj, w));
        const r = ld(row + jj, w);
        const z = ld(row + <usize>H * 4 + jj, w);
        const n = tanhv(before ? f32x4.add(ld(xn + jj, w), rec) : madd(r, rec, ld(xn + jj, w)));
        st(row + <usize>(2 * H) * 4 + jj, n, w);
        if (!before) st(row + <usize>(3 * H) * 4 + jj, rec, w);
        const hj = h + <usize>(b * H + j) * 4;
        // h' = (1 − z) n + z h = n + z (h − n)
        const next = madd(z, f32x4.sub(ld(hj, w), n), n);
        st(hj, next, w);
        st(ob + jj, next, w);
        if (w == 1) j -= 3;
      }
    }
    // After the last step the caller's join is the barrier (a stepper runs T = 1).
    if (step + 1 < T) barrier(sync, cn);
  }
}

/**
 * Backward over the steps in reverse order of the forward. Fills dX and dHp [T, N, 3H]: the
 * gradients of x W_ihᵀ + b_ih and of each block's recurrent pre-activation (R_k h + b_hk, or
 * R_n (r ⊙ h) + b_hn before the reset). whh is W_hh packed as B (K = 3H, or 2H for the r and z
 * blocks before the reset, N = H); whn the n block (K = H, N = H) for reset-before. dh [N, H]
 * holds ∂L/∂hN on entry and ∂L/∂h0 on exit. scratch holds 3·N·H floats shared by the threads.
 */
export function gruBackward(
  T: i32, N: i32, H: i32, flags: i32,
  act: usize, savedH: usize, lengths: usize,
  whh: usize, whn: usize,
  dOut: usize, dh: usize, dX: usize, dHp: usize,
  norms: usize,
  scratch: usize, block: usize,
  tid: i32, threads: i32, sync: usize,
): void {
  const before = (flags & GRU_RESET_BEFORE) != 0;
  const H3 = 3 * H;
  const width = 4 * H;
  const rows = (flags & ROWS) != 0;
  const r0 = rowsStart(rows, N, tid, threads);
  const r1 = rowsEnd(rows, N, tid, threads);
  const ct = columnThread(rows, tid);
  const cn = columnThreads(rows, threads);
  const part = partSlot(rows, tid);
  const nr = r1 - r0;
  const len: usize = lengths == 0 ? 0 : lengths + <usize>r0 * 4;
  const hold = scratch + <usize>(r0 * H) * 4;
  const dhPrev = scratch + <usize>(N * H) * 4;
  const dRh = dhPrev + <usize>(N * H) * 4;
  const n0 = shareStart((H + 7) >> 3, ct, cn, 1);
  const n1 = shareEnd((H + 7) >> 3, ct, cn, 1);
  const j0 = shareStart(H, ct, cn, 4);
  const j1 = shareEnd(H, ct, cn, 4);
  const dhr = dh + <usize>(r0 * H) * 4;
  const one = f32x4.splat(1);
  for (let step = T - 1; step >= 0; step--) {
    const t = (flags & REVERSE) != 0 ? T - 1 - step : step;
    if (ct == 0) {
      const total = addOutputGradient(dhr, dOut + <usize>((t * N + r0) * H) * 4, nr, H, len, t);
      storeNorm(norms, part, T, t, total, rows);
      holdEnded(dhr, H, 0, 0, nr, len, t, hold, false);
    }
    barrier(sync, cn);
    const a = act + <usize>(t * N * width) * 4;
    const hPrev = savedH + <usize>(t * N * H) * 4;
    const dXt = dX + <usize>(t * N * H3) * 4;
    const dHt = dHp + <usize>(t * N * H3) * 4;
    for (let b = r0; b < r1; b++) {
      const row = a + <usize>(b * width) * 4;
      const xr = dXt + <usize>(b * H3) * 4;
      const hr = dHt + <usize>(b * H3) * 4;
      for (let j = j0; j < j1; j += 4) {
        const w = j + 4 <= j1 ? 4 : 1;
        const jj = <usize>j * 4;
        const bj = <usize>(b * H + j) * 4;
        const r = ld(row + jj, w);
        const z = ld(row + <usize>H * 4 + jj, w);
        const n = ld(row + <usize>(2 * H) * 4 + jj, w);
        const d = ld(dh + bj, w);
        const dn = f32x4.mul(d, f32x4.sub(one, z));
        const dz = f32x4.mul(d, f32x4.sub(ld(hPrev + bj, w), n));
        st(dhPrev + bj, f32x4.mul(d, z), w);
        const dpn = f32x4.mul(dn, f32x4.sub(one, f32x4.mul(n, n)));
        const dPreZ = f32x4.mul(dz, f32x4.mul(z, f32x4.sub(one, z)));
        st(xr + <usize>H * 4 + jj, dPreZ, w);
        st(hr + <usize>H * 4 + jj, dPreZ, w);
        st(xr + <usize>(2 * H) * 4 + jj, dpn, w);
        if (before) {
          st(hr + <usize>(2 * H) * 4 + jj, dpn, w);
        } else {
          st(hr + <usize>(2 * H) * 4 + jj, f32x4.mul(dpn, r), w);
          const fourth = ld(row + <usize>(3 * H) * 4 + jj, w);
          const dPreR = f32x4.mul(f32x4.mul(dpn, fourth), f32x4.mul(r, f32x4.sub(one, r)));
          st(xr + jj, dPreR, w);
          st(hr + jj, dPreR, w);
        }
        if (w == 1) j -= 3;
      }
    }
    barrier(sync, cn);
    if (before) {
      // n = tanh(… + R_n (r ⊙ h) + b_hn): d(r ⊙ h) = dpn R_n.
      const dpnRows = dXt + <usize>(r0 * H3 + 2 * H) * 4;
      gemmPackedPanels(nr, H, H, dpnRows, H3, 1, whn, dRh + <usize>(r0 * H) * 4, H, false, block, n0, n1);
      barrier(sync, cn);
      for (let b = r0; b < r1; b++) {
        const row = a + <usize>(b * width) * 4;
        for (let j = j0; j < j1; j += 4) {
          const w = j + 4 <= j1 ? 4 : 1;
          const jj = <usize>j * 4;
          const bj = <usize>(b * H + j) * 4;
          const r = ld(row + jj, w);
          const dr = ld(dRh + bj, w);
          st(dhPrev + bj, madd(dr, r, ld(dhPrev + bj, w)), w);
          const dPreR = f32x4.mul(f32x4.mul(dr, ld(hPrev + bj, w)), f32x4.mul(r, f32x4.sub(one, r)));
          st(dXt + <usize>(b * H3) * 4 + jj, dPreR, w);
          st(dHt + <usize>(b * H3) * 4 + jj, dPreR, w);
          if (w == 1) j -= 3;
        }
      }
      barrier(sync, cn);
    }
    const dHrows = dHt + <usize>(r0 * H3) * 4;
    const dhPrevRows = dhPrev + <usize>(r0 * H) * 4;
    gemmPackedPanels(nr, H, before ? 2 * H : H3, dHrows, H3, 1, whh, dhPrevRows, H, true, block, n0, n1);
    barrier(sync, cn);
    if (ct == 0) {
      copy(dhr, dhPrevRows, nr * H);
      holdEnded(dhr, H, 0, 0, nr, len, t, hold, true);
    }
  }
}
