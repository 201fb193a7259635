// The wasm backend's fused forward: the input projection of every step as one packed product,
// then the whole time loop in one wasm call (assembly/lstm.ts, gru.ts, rnn.ts), on every thread
// when the steps are large enough. An input read from a table by token is projected once per
// table row when the table is smaller than the batch's steps (the steps then read their rows
// of the projected table by id); an LSTM's or RNN's input of a few features is projected inside
// each step; and a batch-first output is written batch-first by the kernel.
import type { RecurrentCell, RecurrentForwardArgs, RecurrentForwardResult } from '../recurrent';
import type { TensorInfo } from '../tensor-info';
import { wasmKernels } from './kernels';
import { BATCH_FIRST, REVERSE, ROWS, SAVE } from './codes';
import { productPacked, runSequence, sequenceSplit } from './products';
import { Scope } from './resident';
import { forwardCall, forwardScratch, projectionBias, summed } from './sequence-call';
import { Saved, shapeOf, values, weightOperands } from './sequence-saved';

/**
 * Whether a layer reading V table rows by token multiplies the table by W_ih once (V rows)
 * rather than each of its `rows` = T·N steps' rows: the forward product and both backward
 * products then run over V rows instead of T·N.
 */
export function foldsTokens(V: number, rows: number): boolean {
  return V < rows;
}

/** Input features up to which an LSTM or RNN projects its input inside each step. */
const STEP_PROJECTION_INPUTS = 4;

/**
 * Whether the kernel projects each step's few input features itself (LSTM, RNN) instead of
 * reading a `[T·N, G·H]` projection made first: for W4's one feature that product wrote 3.2 MiB
 * on the main thread alone, 7 % of a step (6.5 % the product, 1.1 % its bias).
 */
function projectsInStep(cell: RecurrentCell, I: number): boolean {
  return I <= STEP_PROJECTION_INPUTS && cell.kind !== 'gru';
}

/** `[1 + I, G·H]`: the projection's biases summed (zeros without), then W_ihᵀ's rows. */
function stepProjection(
  weightIh: Float32Array,
  biases: readonly TensorInfo[],
  GH: number,
  I: number,
): Float32Array {
  const wx = new Float32Array((1 + I) * GH);
  if (biases.length > 0) wx.set(summed(biases));
  for (let g = 0; g < GH; g++) {
    for (let i = 0; i < I; i++) wx[(1 + i) * GH + g] = weightIh[g * I + i]!;
  }
  return wx;
}

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
    const rows = T * N;
    const biases = projectionBias(cell, weights);
    // [M, I] rows at `a` times W_ihᵀ into `c`, plus the projection's biases (at most once a
    // call; a projection inside the steps needs neither the packed W_ih nor the bias vector).
    const project = (M: number, a: number, c: number): void => {
      const wih = pack(weights.weightIh, { K: I, N: GH, bk: 1, bn: I, offset: 0 });
      productPacked(
        kernels,
        scope,
        { M, N: GH, K: I, a, am: I, ak: 1, c, ldc: GH, accumulate: false },
        wih,
      );
      const bias = biases.length === 2 ? scope.put(summed(biases)) : vector(biases[0] ?? null);
      e.addRowBias(c, M, GH, bias);
    };
    const tokens = args.tokens;
    // Rows of the table the tokens index.
    const V = tokens === null ? 0 : values(args.x).length / I;
    let x: number;
    let ids = 0;
    let folded = false;
    // What the kernel reads each step: rows of proj in order, rows of a table by id, or (a few
    // input features) x itself, projected inside the step through wx.
    let projection = 0;
    let projIds = 0;
    let wx = 0;
    let inputs = 0;
    if (tokens === null) {
      x = scope.put(values(args.x));
      if (projectsInStep(cell, I)) {
        projection = x;
        inputs = I;
        wx = scope.put(stepProjection(values(weights.weightIh), biases, GH, I));
      } else {
        projection = scope.alloc(rows * GH);
        project(rows, x, projection);
      }
    } else {
      ids = scope.put(tokens, 'i32');
      folded = foldsTokens(V, rows);
      if (folded) {
        // Every step's projection is a row of (table · W_ihᵀ + b): V rows instead of T·N.
        x = scope.put(values(args.x));
        projection = scope.alloc(V * GH);
        project(V, x, projection);
        projIds = ids;
      } else {
        const table = scope.put(values(args.x));
        x = scope.alloc(rows * I);
        e.gatherRows(table, ids, rows, I, x);
        projection = scope.alloc(rows * GH);
        project(rows, x, projection);
      }
    }
    const h = scope.put(values(args.h0));
    const c = args.c0 === null ? 0 : scope.put(values(args.c0));
    const out = scope.alloc(rows * R);
    const save = args.save;
    const savedH = save ? scope.alloc(T * N * R) : 0;
    const savedC = save && cell.kind === 'lstm' ? scope.alloc(T * N * H) : 0;
    const act = scope.alloc((save ? T : 1) * N * width);
    const call = forwardCall(cell, weights, args.sizes, placer, {
      flags: (args.reverse ? REVERSE : 0) | (save ? SAVE : 0) | (args.batchFirst ? BATCH_FIRST : 0),
      proj: projection,
      ids: projIds,
      wx,
      inputs,
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
      output: heap.take(out, rows * R),
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
      tokens === null ? null : { ids: scope.keep(ids), folded, V },
      args.batchFirst,
      scope.keep(savedH),
      savedC === 0 ? 0 : scope.keep(savedC),
      scope.keep(act),
    );
    return { ...result, saved };
  } finally {
    scope.close();
  }
}

/** For each batch-first row `b·T + t`, its time-major row `t·N + b` (and the inverse with T, N swapped). */
export function batchFirstRows(T: number, N: number): Int32Array {
  const ids = new Int32Array(T * N);
  for (let b = 0; b < N; b++) for (let t = 0; t < T; t++) ids[b * T + t] = t * N + b;
  return ids;
}
