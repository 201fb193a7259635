// The wasm backend's fused forward: the input projection of every step as one packed product,
// then the whole time loop in one wasm call (assembly/lstm.ts, gru.ts, rnn.ts), on every thread
// in lockstep when the steps are large enough.
import type { RecurrentForwardArgs, RecurrentForwardResult } from '../recurrent';
import { wasmKernels } from './kernels';
import { ROWS, productPacked, runSequence, sequenceSplit } from './products';
import { Scope } from './resident';
import { forwardCall, forwardScratch, projectionBias, summed } from './sequence-call';
import { REVERSE, SAVE, Saved, shapeOf, values, weightOperands } from './sequence-saved';

/** Runs every step of one layer and direction; keeps what the backward needs when `args.save`. */
export function forwardSequence(args: RecurrentForwardArgs): RecurrentForwardResult {
  const kernels = wasmKernels();
  const { exports: e, heap } = kernels;
  const scope = new Scope(kernels);
  const { cell, weights, lengths } = args;
  const { T, N, I, H, R } = args.sizes;
  const { G, width } = shapeOf(cell, H);
  const GH = G * H;
  const placer = weightOperands(kernels, scope);
  const { pack, vector } = placer;
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
    const bias = projectionBias(cell, weights);
    e.addRowBias(
      proj,
      T * N,
      GH,
      bias.length === 2 ? scope.put(summed(bias)) : vector(bias[0] ?? null),
    );
    const h = scope.put(values(args.h0));
    const c = args.c0 === null ? 0 : scope.put(values(args.c0));
    const out = scope.alloc(T * N * R);
    const save = args.save;
    const savedH = save ? scope.alloc(T * N * R) : 0;
    const savedC = save && cell.kind === 'lstm' ? scope.alloc(T * N * H) : 0;
    const act = scope.alloc((save ? T : 1) * N * width);
    const call = forwardCall(cell, weights, args.sizes, placer, {
      flags: (args.reverse ? REVERSE : 0) | (save ? SAVE : 0),
      proj,
      lengths: lengths === null ? 0 : scope.put(lengths, 'i32'),
      h,
      c,
      out,
      savedH,
      savedC,
      act,
      scratch: scope.alloc(forwardScratch(cell, N, H, R)),
    });
    const split = sequenceSplit(N, T, call.stepMacs, call.splittable);
    if (split.rows) call.args[call.flagsAt] = call.args[call.flagsAt]! | ROWS;
    runSequence(kernels, scope, call.fn, call.args, split.threads);
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
