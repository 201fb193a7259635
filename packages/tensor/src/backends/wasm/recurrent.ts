// The wasm backend's fused sequences: the input projection of every step as one product, the
// time loop in one wasm call (assembly/lstm.ts, gru.ts, rnn.ts), the weight gradients as
// products over all steps. Weights stay packed in wasm memory per data handle; the saved
// activations stay where the forward wrote them until the backward has run.
import type { DType } from '../../dtype';
import type { TensorInfo } from '../backend';
import type {
  RecurrentBackwardArgs,
  RecurrentCell,
  RecurrentForwardArgs,
  RecurrentForwardResult,
  RecurrentGradients,
  RecurrentKernels,
  RecurrentSaved,
  RecurrentSizes,
  RecurrentWeights,
} from '../recurrent';
import { wasmKernels, type WasmKernels } from './kernels';
import { A_BLOCK, product, productPacked, runSequence } from './products';
import { packedWeight, residentValues, Scope, type PackLayout } from './resident';

const REVERSE = 4;
const SAVE = 8;

const values = (info: TensorInfo): Float32Array => info.data as Float32Array;

/** Gate blocks and saved width per row of a cell. */
function shapeOf(cell: RecurrentCell, H: number): { G: number; width: number } {
  if (cell.kind === 'lstm') {
    const G = cell.coupled === true ? 3 : 4;
    return { G, width: G * H + 2 * H };
  }
  if (cell.kind === 'gru') return { G: 3, width: 4 * H };
  return { G: 1, width: H };
}

class Saved implements RecurrentSaved {
  #blocks: number[] | null;
  constructor(
    readonly kernels: WasmKernels,
    readonly cell: RecurrentCell,
    readonly sizes: RecurrentSizes,
    readonly weights: RecurrentWeights,
    readonly reverse: boolean,
    readonly lengths: Int32Array | null,
    readonly x: number,
    readonly savedH: number,
    readonly savedC: number,
    readonly act: number,
  ) {
    this.#blocks = [x, savedH, act, ...(savedC === 0 ? [] : [savedC])];
    savedRegistry().register(this, { kernels, blocks: this.#blocks }, this);
  }

  get released(): boolean {
    return this.#blocks === null;
  }

  activations(): Float32Array {
    const { T, N, H } = this.sizes;
    if (this.#blocks === null) throw new Error('internal: activations read after release');
    return this.kernels.heap.take(this.act, T * N * shapeOf(this.cell, H).width);
  }

  release(): void {
    if (this.#blocks === null) return;
    for (const ptr of this.#blocks) this.kernels.heap.free(ptr);
    this.#blocks = null;
    savedRegistry().unregister(this);
  }
}

let registry: FinalizationRegistry<{ kernels: WasmKernels; blocks: number[] }> | undefined;
function savedRegistry(): FinalizationRegistry<{ kernels: WasmKernels; blocks: number[] }> {
  registry ??= new FinalizationRegistry(({ kernels, blocks }) => {
    for (const ptr of blocks) kernels.heap.free(ptr);
  });
  return registry;
}

/** The fused sequences of the wasm backend (float32). */
export class WasmRecurrent implements RecurrentKernels {
  supports(_cell: RecurrentCell, dtype: DType): boolean {
    return dtype === 'float32';
  }

  forward(args: RecurrentForwardArgs): RecurrentForwardResult {
    const kernels = wasmKernels();
    const { exports: e, heap } = kernels;
    const scope = new Scope(kernels);
    const { cell, weights, lengths } = args;
    const { T, N, I, H, R } = args.sizes;
    const { G, width } = shapeOf(cell, H);
    const GH = G * H;
    const pack = (info: TensorInfo, layout: PackLayout): number =>
      packedWeight(kernels, scope, info.data, values(info), layout);
    const vector = (info: TensorInfo | null): number =>
      info === null ? 0 : residentValues(kernels, scope, info.data, values(info));
    try {
      const x = scope.put(values(args.x));
      const proj = scope.alloc(T * N * GH);
      const wih = pack(weights.weightIh, { K: I, N: GH, bk: 1, bn: I, offset: 0 });
      productPacked(
        kernels,
        scope,
        { M: T * N, N: GH, K: I, a: x, am: I, ak: 1, c: proj, ldc: GH, accumulate: false },
        wih,
      );
      e.addRowBias(proj, T * N, GH, vector(weights.biasIh));
      if (cell.kind !== 'gru') e.addRowBias(proj, T * N, GH, vector(weights.biasHh));
      const h = scope.put(values(args.h0));
      const c = args.c0 === null ? 0 : scope.put(values(args.c0));
      const out = scope.alloc(T * N * R);
      const len = lengths === null ? 0 : scope.put(lengths, 'i32');
      const save = args.save;
      const savedH = save ? scope.alloc(T * N * R) : 0;
      const savedC = save && cell.kind === 'lstm' ? scope.alloc(T * N * H) : 0;
      const act = scope.alloc((save ? T : 1) * N * width);
      const flags = (args.reverse ? REVERSE : 0) | (save ? SAVE : 0);
      const whhT = (rows: number, offset = 0): number =>
        pack(weights.weightHh, { K: R, N: rows, bk: 1, bn: R, offset });
      if (cell.kind === 'lstm') {
        const whr =
          weights.weightHr === null
            ? 0
            : pack(weights.weightHr, { K: H, N: R, bk: 1, bn: H, offset: 0 });
        const lstmFlags =
          flags | (cell.peephole === true ? 1 : 0) | (cell.coupled === true ? 2 : 0);
        const sequence = [
          T,
          N,
          H,
          R,
          lstmFlags,
          proj,
          whhT(GH),
          whr,
          vector(weights.peepholeI),
          vector(weights.peepholeF),
          vector(weights.peepholeO),
          len,
          h,
          c,
          out,
          savedH,
          savedC,
          act,
          scope.alloc(N * GH + N * R),
        ];
        runSequence(kernels, scope, 'lstmForward', sequence, N * GH * R, whr === 0);
      } else if (cell.kind === 'gru') {
        const after = cell.resetAfter !== false;
        const sequence = [
          T,
          N,
          H,
          flags | (after ? 0 : 1),
          proj,
          after ? whhT(3 * H) : whhT(2 * H),
          after ? 0 : whhT(H, 2 * H * H),
          vector(weights.biasHh),
          len,
          h,
          out,
          savedH,
          act,
          scope.alloc(N * 3 * H),
        ];
        runSequence(kernels, scope, 'gruForward', sequence, N * 3 * H * H, true);
      } else {
        const sequence = [
          T,
          N,
          H,
          flags | (cell.relu === true ? 1 : 0),
          proj,
          whhT(H),
          len,
          h,
          out,
          savedH,
          act,
          scope.alloc(N * H),
        ];
        runSequence(kernels, scope, 'rnnForward', sequence, N * H * H, true);
      }
      const result = {
        output: heap.take(out, T * N * R),
        h: heap.take(h, N * R),
        c: c === 0 ? null : heap.take(c, N * H),
      };
      if (!save) return { ...result, saved: null };
      const saved = new Saved(
        kernels,
        cell,
        args.sizes,
        weights,
        args.reverse,
        lengths,
        scope.keep(x),
        scope.keep(savedH),
        savedC === 0 ? 0 : scope.keep(savedC),
        scope.keep(act),
      );
      return { ...result, saved };
    } finally {
      scope.close();
    }
  }

  backward(args: RecurrentBackwardArgs): RecurrentGradients {
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
    const pack = (info: TensorInfo, layout: PackLayout): number =>
      packedWeight(kernels, scope, info.data, values(info), layout);
    const vector = (info: TensorInfo | null): number =>
      info === null ? 0 : residentValues(kernels, scope, info.data, values(info));
    try {
      const dOut = scope.put(args.dOutput);
      const dh = scope.put(args.dh);
      const dc =
        cell.kind === 'lstm' ? (args.dc === null ? scope.zeros(N * H) : scope.put(args.dc)) : 0;
      const len = saved.lengths === null ? 0 : scope.put(saved.lengths, 'i32');
      const norms = args.recordNorms ? scope.alloc(2 * T) : 0;
      const flags = saved.reverse ? REVERSE : 0;
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
        dWhr = weights.weightHr === null ? 0 : scope.zeros(R * H);
        dPeep = scope.zeros(3 * H);
        const lstmFlags =
          flags | (cell.peephole === true ? 1 : 0) | (cell.coupled === true ? 2 : 0);
        const sequence = [
          T,
          N,
          H,
          R,
          lstmFlags,
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
        runSequence(kernels, scope, 'lstmBackward', sequence, N * GH * R, whrN === 0, block);
      } else if (cell.kind === 'gru') {
        const after = cell.resetAfter !== false;
        dHp = scope.alloc(rows * GH);
        const sequence = [
          T,
          N,
          H,
          flags | (after ? 0 : 1),
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
        runSequence(kernels, scope, 'gruBackward', sequence, N * 3 * H * H, true);
      } else {
        const sequence = [
          T,
          N,
          H,
          flags | (cell.relu === true ? 1 : 0),
          saved.act,
          len,
          whhN(H),
          dOut,
          dh,
          dX,
          norms,
          scope.alloc(N * H),
        ];
        runSequence(kernels, scope, 'rnnBackward', sequence, N * H * H, true);
      }
      const dWih = scope.alloc(GH * I);
      // Weight gradients: one product over all steps each, dW = dPreᵀ · input.
      const over = (M: number, N: number, a: number, c: number) =>
        ({ M, N, K: rows, a, am: 1, ak: GH, c, ldc: N, accumulate: false }) as const;
      product(kernels, scope, over(GH, I, dX, dWih), saved.x, I, 1);
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
        const dxPtr = scope.alloc(rows * I);
        productPacked(
          kernels,
          scope,
          { M: rows, N: I, K: GH, a: dX, am: GH, ak: 1, c: dxPtr, ldc: I, accumulate: false },
          wihN,
        );
        dx = heap.take(dxPtr, rows * I);
      }
      const sums = (matrix: number): Float32Array => {
        const ptr = scope.alloc(GH);
        e.columnSums(matrix, rows, GH, GH, ptr, false);
        return heap.take(ptr, GH);
      };
      const peephole = (info: TensorInfo | null, at: number): Float32Array | null =>
        info === null ? null : heap.take(dPeep + at * H * 4, H);
      return {
        x: dx,
        h0: heap.take(dh, N * R),
        c0: dc === 0 ? null : heap.take(dc, N * H),
        weightIh: heap.take(dWih, GH * I),
        weightHh: heap.take(dWhh, GH * R),
        biasIh: weights.biasIh === null ? null : sums(dX),
        biasHh: weights.biasHh === null ? null : sums(dHp),
        peepholeI: peephole(weights.peepholeI, 0),
        peepholeF: peephole(weights.peepholeF, 1),
        peepholeO: peephole(weights.peepholeO, 2),
        weightHr: dWhr === 0 ? null : heap.take(dWhr, R * H),
        norms: norms === 0 ? null : heap.takeF64(norms, T),
      };
    } finally {
      scope.close();
    }
  }
}
