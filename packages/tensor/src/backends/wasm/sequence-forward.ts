// The wasm backend's fused forward: the input projection of every step as one packed product,
// then the whole time loop in one wasm call (assembly/lstm.ts, gru.ts, rnn.ts), on every thread
// in lockstep when the steps are large enough.
import type { RecurrentForwardArgs, RecurrentForwardResult } from '../recurrent';
import { wasmKernels } from './kernels';
import { productPacked, runSequence } from './products';
import { Scope } from './resident';
import {
  REVERSE,
  SAVE,
  Saved,
  shapeOf,
  values,
  variantFlags,
  weightOperands,
} from './sequence-saved';

/** Runs every step of one layer and direction; keeps what the backward needs when `args.save`. */
export function forwardSequence(args: RecurrentForwardArgs): RecurrentForwardResult {
  const kernels = wasmKernels();
  const { exports: e, heap } = kernels;
  const scope = new Scope(kernels);
  const { cell, weights, lengths } = args;
  const { T, N, I, H, R } = args.sizes;
  const { G, width } = shapeOf(cell, H);
  const GH = G * H;
  const { pack, vector } = weightOperands(kernels, scope);
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
    // Both biases in one pass (the GRU's b_hh stays with the recurrent product's n block).
    const biasHh = cell.kind === 'gru' ? null : weights.biasHh;
    const bias =
      weights.biasIh !== null && biasHh !== null
        ? scope.put(sum(values(weights.biasIh), values(biasHh)))
        : vector(weights.biasIh ?? biasHh);
    e.addRowBias(proj, T * N, GH, bias);
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
      const sequence = [
        T,
        N,
        H,
        R,
        flags | variantFlags(cell),
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
        flags | variantFlags(cell),
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
        flags | variantFlags(cell),
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

/** a + b elementwise (two biases of one length). */
function sum(a: Float32Array, b: Float32Array): Float32Array {
  return a.map((value, k) => value + b[k]!);
}
