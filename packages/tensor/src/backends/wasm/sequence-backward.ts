// The wasm backend's fused backward: the time loop in reverse in one wasm call (the gradients of
// every step's pre-activations), then the weight gradients as products over all steps. When the
// threads split batch rows, peephole and projection gradients and norms come back per thread.
import type { TensorInfo } from '../tensor-info';
import type { RecurrentBackwardArgs, RecurrentGradients } from '../recurrent';
import { REVERSE, ROWS } from './codes';
import { A_BLOCK, product, productPacked, runSequence, sequenceSplit } from './products';
import { Scope } from './resident';
import { batchFirstRows } from './sequence-forward';
import { Saved, shapeOf, values, variantFlags, weightOperands } from './sequence-saved';

/** Back-propagates through a fused forward's saved state. */
export function backwardSequence(args: RecurrentBackwardArgs): RecurrentGradients {
  const saved = args.saved;
  if (!(saved instanceof Saved) || saved.released)
    throw new Error('internal: wasm backward through a released or foreign saved state');
  const { kernels, cell, weights } = saved;
  const { exports: e, heap } = kernels;
  const { T, N, I, H, R } = saved.sizes;
  const { G, width } = shapeOf(cell, H);
  const GH = G * H;
  const rows = T * N;
  const scope = new Scope(kernels);
  const { pack, vector } = weightOperands(kernels, scope);
  try {
    let dOut = scope.put(values(args.dOutput));
    if (saved.batchFirst) {
      // Batch-first [N, T, R] into the kernel's time-major rows.
      const timeMajor = scope.alloc(rows * R);
      e.gatherRows(dOut, scope.put(batchFirstRows(N, T), 'i32'), rows, R, timeMajor);
      dOut = timeMajor;
    }
    const dh = scope.put(values(args.dh));
    const dc =
      cell.kind === 'lstm'
        ? args.dc === null
          ? scope.zeros(N * H)
          : scope.put(values(args.dc))
        : 0;
    const len = saved.lengths === null ? 0 : scope.put(saved.lengths, 'i32');
    const stepMacs = { lstm: N * GH * R, gru: N * 3 * H * H, rnn: N * H * H }[cell.kind];
    const projected = cell.kind === 'lstm' && weights.weightHr !== null;
    const split = sequenceSplit(N, T, stepMacs, !projected);
    // Per-thread slots for partial results when the threads split rows.
    const parts = split.rows ? split.threads : 1;
    const norms = args.recordNorms ? scope.alloc(2 * T * parts) : 0;
    const flags = (saved.reverse ? REVERSE : 0) | (split.rows ? ROWS : 0);
    const whhN = (k: number, offset = 0): number =>
      pack(weights.weightHh, { K: k, N: R, bk: R, bn: 1, offset });
    const dX = scope.alloc(rows * GH);
    let dHp = dX;
    let dPeep = 0;
    let dWhr = 0;
    if (cell.kind === 'lstm') {
      const whrN =
        weights.weightHr === null
          ? 0
          : pack(weights.weightHr, { K: R, N: H, bk: H, bn: 1, offset: 0 });
      dWhr = weights.weightHr === null ? 0 : scope.zeros(parts * R * H);
      dPeep = scope.zeros(parts * 3 * H);
      const sequence = [
        T,
        N,
        H,
        R,
        flags | variantFlags(cell),
        saved.act,
        saved.savedC,
        len,
        whhN(GH),
        whrN,
        dWhr,
        vector(weights.peepholeI),
        vector(weights.peepholeF),
        vector(weights.peepholeO),
        dPeep,
        dOut,
        dh,
        dc,
        dX,
        norms,
        scope.alloc(N * (R + H) + N * H),
      ];
      // The projection's per-step product packs B into the thread's block.
      const block = whrN === 0 ? A_BLOCK : e.gemmScratchSize(N, H) / 4 + A_BLOCK;
      runSequence(kernels, scope, 'lstmBackward', sequence, split.threads, block);
    } else if (cell.kind === 'gru') {
      const after = cell.resetAfter !== false;
      dHp = scope.alloc(rows * GH);
      const sequence = [
        T,
        N,
        H,
        flags | variantFlags(cell),
        saved.act,
        saved.savedH,
        len,
        after ? whhN(3 * H) : whhN(2 * H),
        after ? 0 : pack(weights.weightHh, { K: H, N: H, bk: H, bn: 1, offset: 2 * H * H }),
        dOut,
        dh,
        dX,
        dHp,
        norms,
        scope.alloc(3 * N * H),
      ];
      runSequence(kernels, scope, 'gruBackward', sequence, split.threads);
    } else {
      const sequence = [
        T,
        N,
        H,
        flags | variantFlags(cell),
        saved.act,
        len,
        whhN(H),
        dOut,
        dh,
        dX,
        norms,
        scope.alloc(N * H),
      ];
      runSequence(kernels, scope, 'rnnBackward', sequence, split.threads);
    }
    // Weight gradients: one product over all steps each, dW = dPreᵀ · input.
    const over = (M: number, N: number, a: number, c: number, K = rows) =>
      ({ M, N, K, a, am: 1, ak: GH, c, ldc: N, accumulate: false }) as const;
    const tokens = saved.tokens;
    // A folded lookup's input rows are table rows: sum each token's pre-activation gradients
    // into its row first, so dW_ih and the table's gradient are products over V rows.
    let dProj = dX;
    let projRows = rows;
    if (tokens?.folded === true) {
      dProj = scope.zeros(tokens.V * GH);
      e.scatterAddRows(dX, tokens.ids, rows, GH, dProj);
      projRows = tokens.V;
    }
    const dWih = scope.alloc(GH * I);
    product(kernels, scope, over(GH, I, dProj, dWih, projRows), saved.x, I, 1);
    const dWhh = scope.alloc(GH * R);
    if (cell.kind === 'gru' && cell.resetAfter === false) {
      product(kernels, scope, over(2 * H, H, dHp, dWhh), saved.savedH, H, 1);
      // The n block multiplies r ⊙ h, saved as the activations' fourth block.
      const nBlock = over(H, H, dHp + 2 * H * 4, dWhh + 2 * H * H * 4);
      product(kernels, scope, nBlock, saved.act + 3 * H * 4, width, 1);
    } else {
      product(kernels, scope, over(GH, R, dHp, dWhh), saved.savedH, R, 1);
    }
    let dx: Float32Array | null = null;
    if (args.inputGradient) {
      const wihN = pack(weights.weightIh, { K: GH, N: I, bk: I, bn: 1, offset: 0 });
      const dxPtr = scope.alloc(projRows * I);
      productPacked(
        kernels,
        scope,
        { M: projRows, N: I, K: GH, a: dProj, am: GH, ak: 1, c: dxPtr, ldc: I, accumulate: false },
        wihN,
      );
      if (tokens === null || tokens.folded) {
        dx = heap.take(dxPtr, projRows * I);
      } else {
        const dTable = scope.zeros(tokens.V * I);
        e.scatterAddRows(dxPtr, tokens.ids, rows, I, dTable);
        dx = heap.take(dTable, tokens.V * I);
      }
    }
    const sums = (matrix: number): Float32Array => {
      const ptr = scope.alloc(GH);
      e.columnSums(matrix, rows, GH, GH, ptr, false);
      return heap.take(ptr, GH);
    };
    // Both biases of an LSTM or RNN layer add to the same pre-activations: one sum serves both.
    const biasIh = weights.biasIh === null ? null : sums(dX);
    const peepholes = dPeep === 0 ? null : addParts(heap.take(dPeep, parts * 3 * H), parts);
    const peephole = (info: TensorInfo | null, at: number): Float32Array | null =>
      info === null || peepholes === null ? null : peepholes.slice(at * H, (at + 1) * H);
    return {
      x: dx,
      h0: heap.take(dh, N * R),
      c0: dc === 0 ? null : heap.take(dc, N * H),
      weightIh: heap.take(dWih, GH * I),
      weightHh: heap.take(dWhh, GH * R),
      biasIh: biasIh,
      biasHh:
        weights.biasHh === null ? null : dHp === dX && biasIh !== null ? biasIh.slice() : sums(dHp),
      peepholeI: peephole(weights.peepholeI, 0),
      peepholeF: peephole(weights.peepholeF, 1),
      peepholeO: peephole(weights.peepholeO, 2),
      weightHr: dWhr === 0 ? null : addParts(heap.take(dWhr, parts * R * H), parts),
      norms: norms === 0 ? null : stepNorms(heap.takeF64(norms, T * parts), T, split.rows),
    };
  } finally {
    scope.close();
  }
}

/** The sum of `parts` equal slices of `values` (the threads' partial results). */
function addParts(values: Float32Array, parts: number): Float32Array {
  const size = values.length / parts;
  const total = values.slice(0, size);
  for (let k = 1; k < parts; k++) {
    for (let j = 0; j < size; j++) total[j] = total[j]! + values[k * size + j]!;
  }
  return total;
}

/** ‖∂L/∂h_t‖ per step: as the kernel stored it, or from the threads' squared partials. */
function stepNorms(values: Float64Array, T: number, rows: boolean): Float64Array {
  if (!rows) return values;
  const parts = values.length / T;
  return Float64Array.from({ length: T }, (_, t) => {
    let total = 0;
    for (let k = 0; k < parts; k++) total += values[k * T + t]!;
    return Math.sqrt(total);
  });
}
