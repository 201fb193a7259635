// The wasm backend's fused forward: the input projection of every step as one packed product,
// then the whole time loop in one wasm call (assembly/lstm.ts, gru.ts, rnn.ts), on every thread
// in lockstep when the steps are large enough.
import type { TensorInfo } from '../tensor-info';
import type { RecurrentForwardArgs, RecurrentForwardResult } from '../recurrent';
import { wasmKernels } from './kernels';
import { productPacked, runSequence } from './products';
import { packedWeight, residentValues, Scope, type PackLayout } from './resident';
import { REVERSE, SAVE, Saved, shapeOf, values } from './sequence-saved';

/** Runs every step of one layer and direction; keeps what the backward needs when `args.save`. */
export function forwardSequence(args: RecurrentForwardArgs): RecurrentForwardResult {
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
      const lstmFlags = flags | (cell.peephole === true ? 1 : 0) | (cell.coupled === true ? 2 : 0);
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
