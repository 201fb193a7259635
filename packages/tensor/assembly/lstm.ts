// The fused LSTM sequence (plain, peephole, coupled, projection): the whole time loop of one
// layer and direction in one call. Per step: pre = xproj_t + h W_hhᵀ (one packed product),
// then the gates and the state update row by row, 4 units at a time. Saved per row, as the
// cpu kernel does: the gates (i, f, g, o; f, g, o when coupled), tanh(c'), m = o ⊙ tanh(c').
// With `threads` > 1 every thread runs this loop on its share (product columns, gate units)
// and they meet at barriers (sync.ts), or with ROWS on its batch rows, alone; the projection
// variant runs on one thread or by rows.
import { gemm, gemmPacked, gemmPackedPanels } from './gemm';
import { gateSigmoid, madd, tanhv } from './simd';
import { active, addOutputGradient, copy, holdEnded, ld, outRow, projRow, projectRow, st, storeNorm, zero } from './rows';
import { BATCH_FIRST, LSTM_COUPLED, LSTM_PEEPHOLE, REVERSE, ROWS, SAVE } from '../src/backends/wasm/codes';
import { barrier, columnThread, columnThreads, partSlot, rowsEnd, rowsStart, shareEnd, shareStart } from './sync';

/**
 * Forward over T steps. proj is [T, N, G·H] = x W_ihᵀ + b_ih + b_hh, or with ids ([T, N] int32)
 * a table whose rows the steps read by id, or with `inputs` > 0 the input x itself ([T, N,
 * inputs], a few features), projected each step through wx ([1 + inputs, G·H]: the biases,
 * then W_ihᵀ); whh is W_hhᵀ packed
 * (K = R, N = G·H); whr is W_hrᵀ packed (K = H, N = R) or 0. h [N, R] and c [N, H] hold the
 * initial state and receive the final one. With SAVE, savedH/savedC/act get every step's
 * previous h, previous c and activations; without, act is one step of scratch. scratch holds
 * N·G·H + N·R floats shared by the threads; block is this thread's A block of the products.
 */
export function lstmForward(
  T: i32, N: i32, H: i32, R: i32, flags: i32,
  proj: usize, ids: usize, wx: usize, inputs: i32, whh: usize, whr: usize,
  pI: usize, pF: usize, pO: usize,
  lengths: usize,
  h: usize, c: usize, out: usize,
  savedH: usize, savedC: usize, act: usize,
  scratch: usize, block: usize,
  tid: i32, threads: i32, sync: usize,
): void {
  const peephole = (flags & LSTM_PEEPHOLE) != 0;
  const coupled = (flags & LSTM_COUPLED) != 0;
  const save = (flags & SAVE) != 0;
  const batchFirst = (flags & BATCH_FIRST) != 0;
  const G = coupled ? 3 : 4;
  const GH = G * H;
  const width = GH + 2 * H;
  const offI = 0;
  const offF = coupled ? 0 : H;
  const offG = coupled ? H : 2 * H;
  const offO = coupled ? 2 * H : 3 * H;
  const rows = (flags & ROWS) != 0;
  const r0 = rowsStart(rows, N, tid, threads);
  const r1 = rowsEnd(rows, N, tid, threads);
  const nr = r1 - r0;
  const ct = columnThread(rows, tid);
  const cn = columnThreads(rows, threads);
  const pre = scratch;
  const hNew = pre + <usize>(N * GH) * 4;
  const panels = (GH + 7) >> 3;
  const p0 = shareStart(panels, ct, cn, 1);
  const p1 = shareEnd(panels, ct, cn, 1);
  const col0 = p0 * 8;
  const col1 = min(p1 * 8, GH);
  const j0 = shareStart(H, ct, cn, 4);
  const j1 = shareEnd(H, ct, cn, 4);
  for (let step = 0; step < T; step++) {
    const t = (flags & REVERSE) != 0 ? T - 1 - step : step;
    if (save && ct == 0) {
      copy(savedH + <usize>((t * N + r0) * R) * 4, h + <usize>(r0 * R) * 4, nr * R);
      copy(savedC + <usize>((t * N + r0) * H) * 4, c + <usize>(r0 * H) * 4, nr * H);
    }
    const slot: i32 = save ? t : 0;
    const a = act + <usize>(slot * N * width) * 4;
    for (let b = r0; b < r1; b++) {
      const dst = pre + <usize>(b * GH + col0) * 4;
      if (inputs == 0) copy(dst, projRow(proj, ids, t, N, b, GH) + <usize>col0 * 4, col1 - col0);
      else projectRow(dst, projRow(proj, 0, t, N, b, inputs), inputs, wx + <usize>col0 * 4, GH, col1 - col0);
    }
    const preRows = pre + <usize>(r0 * GH) * 4;
    gemmPackedPanels(nr, GH, R, h + <usize>(r0 * R) * 4, R, 1, whh, preRows, GH, true, block, p0, p1);
    barrier(sync, cn);
    for (let b = r0; b < r1; b++) {
      const row = a + <usize>(b * width) * 4;
      if (!active(lengths, b, t)) {
        for (let k = 0; k < G + 2; k++) zero(row + <usize>(k * H + j0) * 4, j1 - j0);
        zero(outRow(out, t, b, N, T, R, batchFirst) + <usize>j0 * 4, whr == 0 ? j1 - j0 : 0);
        continue;
      }
      const p = pre + <usize>(b * GH) * 4;
      const cb = c + <usize>(b * H) * 4;
      const ob = outRow(out, t, b, N, T, R, batchFirst);
      for (let j = j0; j < j1; j += 4) {
        const w = j + 4 <= j1 ? 4 : 1;
        const jj = <usize>j * 4;
        const cp = ld(cb + jj, w);
        let preF = ld(p + <usize>offF * 4 + jj, w);
        if (peephole) preF = madd(ld(pF + jj, w), cp, preF);
        const f = gateSigmoid(preF);
        let i: v128;
        if (coupled) {
          i = f32x4.sub(f32x4.splat(1), f);
        } else {
          let preI = ld(p + <usize>offI * 4 + jj, w);
          if (peephole) preI = madd(ld(pI + jj, w), cp, preI);
          i = gateSigmoid(preI);
        }
        const g = tanhv(ld(p + <usize>offG * 4 + jj, w));
        const cn = madd(f, cp, f32x4.mul(i, g));
        let preO = ld(p + <usize>offO * 4 + jj, w);
        if (peephole) preO = madd(ld(pO + jj, w), cn, preO);
        const o = gateSigmoid(preO);
        const tc = tanhv(cn);
        const m = f32x4.mul(o, tc);
        st(cb + jj, cn, w);
        if (!coupled) st(row + <usize>offI * 4 + jj, i, w);
        st(row + <usize>offF * 4 + jj, f, w);
        st(row + <usize>offG * 4 + jj, g, w);
        st(row + <usize>offO * 4 + jj, o, w);
        st(row + <usize>GH * 4 + jj, tc, w);
        st(row + <usize>(GH + H) * 4 + jj, m, w);
        if (whr == 0) {
          st(h + <usize>(b * R) * 4 + jj, m, w);
          st(ob + jj, m, w);
        }
        if (w == 1) j -= 3;
      }
    }
    if (whr != 0) {
      // One thread, or rows mode (the caller splits projections by rows only).
      const m = a + <usize>(r0 * width + GH + H) * 4;
      gemmPacked(nr, R, H, m, width, 1, whr, hNew + <usize>(r0 * R) * 4, R, false, block);
      for (let b = r0; b < r1; b++) {
        if (!active(lengths, b, t)) {
          zero(outRow(out, t, b, N, T, R, batchFirst), R);
          continue;
        }
        copy(h + <usize>(b * R) * 4, hNew + <usize>(b * R) * 4, R);
        copy(outRow(out, t, b, N, T, R, batchFirst), hNew + <usize>(b * R) * 4, R);
      }
    }
    // After the last step the caller's join is the barrier (a stepper runs T = 1).
    if (step + 1 < T) barrier(sync, cn);
  }
}

/**
 * Backward over the steps in reverse order of the forward. Fills dPre [T, N, G·H] (the
 * gradient of each step's pre-activations, for the weight products the caller forms over all
 * steps); dh [N, R] and dc [N, H] hold ∂L/∂hN, ∂L/∂cN on entry and ∂L/∂h0, ∂L/∂c0 on exit.
 * whh is W_hh packed as B (K = G·H, N = R); whr is W_hr packed (K = R, N = H) or 0, with its
 * gradient accumulated into dWhr. dPeep [3H] accumulates the peephole gradients (i, f, o).
 * norms (f64 [T], or 0) receives ‖∂L/∂h_t‖. scratch holds N·(R + H) + N·H floats shared by
 * the threads; block is this thread's scratch for products (A block, or B packed by gemm for
 * the projection).
 */
export function lstmBackward(
  T: i32, N: i32, H: i32, R: i32, flags: i32,
  act: usize, savedC: usize, lengths: usize,
  whh: usize, whr: usize, dWhr: usize,
  pI: usize, pF: usize, pO: usize, dPeep: usize,
  dOut: usize, dh: usize, dc: usize, dPre: usize,
  norms: usize,
  scratch: usize, block: usize,
  tid: i32, threads: i32, sync: usize,
): void {
  const peephole = (flags & LSTM_PEEPHOLE) != 0;
  const coupled = (flags & LSTM_COUPLED) != 0;
  const G = coupled ? 3 : 4;
  const GH = G * H;
  const width = GH + 2 * H;
  const offI = 0;
  const offF = coupled ? 0 : H;
  const offG = coupled ? H : 2 * H;
  const offO = coupled ? 2 * H : 3 * H;
  const rows = (flags & ROWS) != 0;
  const r0 = rowsStart(rows, N, tid, threads);
  const r1 = rowsEnd(rows, N, tid, threads);
  const nr = r1 - r0;
  const ct = columnThread(rows, tid);
  const cn = columnThreads(rows, threads);
  const part = partSlot(rows, tid);
  const len: usize = lengths == 0 ? 0 : lengths + <usize>r0 * 4;
  const hold = scratch + <usize>(r0 * (R + H)) * 4;
  const dmBuffer = scratch + <usize>(N * (R + H)) * 4;
  const dPeepI = dPeep + <usize>(part * 3 * H) * 4;
  const dPeepF = dPeepI + <usize>H * 4;
  const dPeepO = dPeepI + <usize>(2 * H) * 4;
  const dWhrPart = dWhr + <usize>(part * R * H) * 4;
  const panels = (R + 7) >> 3;
  const p0 = shareStart(panels, ct, cn, 1);
  const p1 = shareEnd(panels, ct, cn, 1);
  const j0 = shareStart(H, ct, cn, 4);
  const j1 = shareEnd(H, ct, cn, 4);
  const dhr = dh + <usize>(r0 * R) * 4;
  const dcr = dc + <usize>(r0 * H) * 4;
  for (let step = T - 1; step >= 0; step--) {
    const t = (flags & REVERSE) != 0 ? T - 1 - step : step;
    const a = act + <usize>(t * N * width) * 4;
    if (ct == 0) {
      const total = addOutputGradient(dhr, dOut + <usize>((t * N + r0) * R) * 4, nr, R, len, t);
      storeNorm(norms, part, T, t, total, rows);
      holdEnded(dhr, R, dcr, H, nr, len, t, hold, false);
    }
    let dm = dh;
    if (whr != 0) {
      // One thread, or rows mode (the caller splits projections by rows only).
      dm = dmBuffer;
      gemmPacked(nr, H, R, dhr, R, 1, whr, dm + <usize>(r0 * H) * 4, H, false, block);
      const mRows = a + <usize>(r0 * width + GH + H) * 4;
      gemm(R, H, nr, dhr, 1, R, mRows, width, 1, dWhrPart, H, true, block);
    }
    barrier(sync, cn);
    const cPrev = savedC + <usize>(t * N * H) * 4;
    const dP = dPre + <usize>(t * N * GH) * 4;
    const one = f32x4.splat(1);
    for (let b = r0; b < r1; b++) {
      const row = a + <usize>(b * width) * 4;
      const dRow = dP + <usize>(b * GH) * 4;
      for (let j = j0; j < j1; j += 4) {
        const w = j + 4 <= j1 ? 4 : 1;
        const jj = <usize>j * 4;
        const bj = <usize>(b * H + j) * 4;
        const f = ld(row + <usize>offF * 4 + jj, w);
        const i = coupled ? f32x4.sub(one, f) : ld(row + <usize>offI * 4 + jj, w);
        const g = ld(row + <usize>offG * 4 + jj, w);
        const o = ld(row + <usize>offO * 4 + jj, w);
        const tc = ld(row + <usize>GH * 4 + jj, w);
        const cp = ld(cPrev + bj, w);
        const d = ld(dm + bj, w);
        const dPreO = f32x4.mul(f32x4.mul(d, tc), f32x4.mul(o, f32x4.sub(one, o)));
        let dcn = madd(f32x4.mul(d, o), f32x4.sub(one, f32x4.mul(tc, tc)), ld(dc + bj, w));
        if (peephole) {
          dcn = madd(dPreO, ld(pO + jj, w), dcn);
          st(dPeepO + jj, madd(dPreO, madd(f, cp, f32x4.mul(i, g)), ld(dPeepO + jj, w)), w);
        }
        const dI = f32x4.mul(dcn, g);
        let dF = f32x4.mul(dcn, cp);
        if (coupled) dF = f32x4.sub(dF, dI);
        const dPreF = f32x4.mul(dF, f32x4.mul(f, f32x4.sub(one, f)));
        const dPreI = coupled ? f32x4.splat(0) : f32x4.mul(dI, f32x4.mul(i, f32x4.sub(one, i)));
        let dcp = f32x4.mul(dcn, f);
        if (peephole) {
          dcp = madd(dPreF, ld(pF + jj, w), dcp);
          st(dPeepF + jj, madd(dPreF, cp, ld(dPeepF + jj, w)), w);
          if (!coupled) {
            dcp = madd(dPreI, ld(pI + jj, w), dcp);
            st(dPeepI + jj, madd(dPreI, cp, ld(dPeepI + jj, w)), w);
          }
        }
        if (!coupled) st(dRow + <usize>offI * 4 + jj, dPreI, w);
        st(dRow + <usize>offF * 4 + jj, dPreF, w);
        st(dRow + <usize>offG * 4 + jj, f32x4.mul(f32x4.mul(dcn, i), f32x4.sub(one, f32x4.mul(g, g))), w);
        st(dRow + <usize>offO * 4 + jj, dPreO, w);
        st(dc + bj, dcp, w);
        if (w == 1) j -= 3;
      }
    }
    barrier(sync, cn);
    gemmPackedPanels(nr, R, GH, dP + <usize>(r0 * GH) * 4, GH, 1, whh, dhr, R, false, block, p0, p1);
    barrier(sync, cn);
    if (ct == 0) holdEnded(dhr, R, dcr, H, nr, len, t, hold, true);
  }
}
