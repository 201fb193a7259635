// The fused whole-sequence operation: one autograd node per layer and direction. The forward
// projects every input step with one product, runs the time loop through the cell's fused
// step, and saves the activations; the backward walks the steps in reverse through the
// cell's exact backward step, then forms the weight gradients as products over all steps.
// This float64 driver is the reference; when the current backend has fused sequence kernels
// for the cell and dtype (`Backend.recurrent`, e.g. wasm in float32), fused-sequence.ts hands
// the run to them instead. Results come back in the input's dtype.
import { defineFunction, type Function } from '@unroll/autograd';
import { tensor, type Tensor } from '@unroll/tensor';
import type { CellKernel, CellWeights } from '../cell-spec';
import { addRowBias } from './activations';
import { fusedBackward, fusedForward, fusedKernels, type FusedSaved } from './fused-sequence';
import { gemmNN, gemmNT, gemmTN } from './gemm';
import { gradientNormRecorder } from './gradient-norms';
import {
  gateTraces,
  inputSizes,
  isActive,
  swapRows,
  type SequenceArgs,
  type SequenceOptions,
  type SequenceTrace,
} from './sequence-types';

export type { SequenceArgs, SequenceOptions, SequenceTrace } from './sequence-types';
export { recordGradientNorms } from './gradient-norms';
export type { GradientNormRecord, RecordedGradientNorms } from './gradient-norms';

interface Saved {
  /** Every step's input rows `[T·N, I]` (gathered from the table when there are tokens). */
  x: Float64Array;
  tokens: Int32Array | null;
  /** `[V, I]` shape of the tokens' table, or null. */
  table: readonly number[] | null;
  /** Whether the output is, and dOutput comes, `[N, T, R]`. */
  batchFirst: boolean;
  hPrevious: Float64Array;
  cPrevious: Float64Array | null;
  activations: Float64Array;
  weights: CellWeights;
  order: number[];
  sizes: { T: number; N: number; I: number; H: number; R: number; G: number; width: number };
  lengths: Int32Array | null;
  reverse: boolean;
}

/**
 * Float64 copies of tensor data, cached by data handle. Handles never change once written, so
 * a weight is converted once per optimizer step, not once per call (batch-1 generation calls
 * the layer once per token). The arrays are only read.
 */
const float64Cache = new WeakMap<object, Float64Array>();
const f64 = (t: Tensor | null): Float64Array | null => {
  if (t === null) return null;
  const handle = t.info().data;
  let values = float64Cache.get(handle);
  if (values === undefined) {
    values = new Float64Array(t.data());
    float64Cache.set(handle, values);
  }
  return values;
};
const out = (values: Float64Array, shape: readonly number[], like: Tensor): Tensor =>
  tensor(values, { dtype: like.dtype }).reshape(shape);

function columnSums(matrix: Float64Array, rows: number, columns: number): Float64Array {
  const sums = new Float64Array(columns);
  for (let r = 0; r < rows; r++)
    for (let k = 0; k < columns; k++) sums[k] = sums[k]! + matrix[r * columns + k]!;
  return sums;
}

/** Row `tokens[r]` of a table of rows of `width`, for every r. */
function gatherRows(table: Float64Array, tokens: Int32Array, width: number): Float64Array {
  const rows = new Float64Array(tokens.length * width);
  tokens.forEach((id, r) => rows.set(table.subarray(id * width, (id + 1) * width), r * width));
  return rows;
}

/** The table-shaped sum of each row of `rows` into row `tokens[r]`. */
function scatterAddRows(
  rows: Float64Array,
  tokens: Int32Array,
  width: number,
  table: readonly number[],
): Float64Array {
  const sums = new Float64Array((table[0] ?? 0) * width);
  tokens.forEach((id, r) => {
    for (let j = 0; j < width; j++) sums[id * width + j]! += rows[r * width + j]!;
  });
  return sums;
}

function forward(kernel: CellKernel, args: SequenceArgs): { tensors: Tensor[]; saved: Saved } {
  const [
    x,
    h0,
    c0,
    weightIh,
    weightHh,
    biasIh,
    biasHh,
    peepholeI,
    peepholeF,
    peepholeO,
    weightHr,
    options,
  ] = args;
  const { T, N, I } = inputSizes(args);
  const G = kernel.gates;
  const H = (weightHh.shape[0] ?? 0) / G;
  const R = weightHh.shape[1] ?? 0;
  const width = kernel.savedWidth(H);
  const weights: CellWeights = {
    weightIh: f64(weightIh) as Float64Array,
    weightHh: f64(weightHh) as Float64Array,
    biasIh: f64(biasIh),
    biasHh: f64(biasHh),
    peepholeI: f64(peepholeI),
    peepholeF: f64(peepholeF),
    peepholeO: f64(peepholeO),
    weightHr: f64(weightHr),
  };
  const tokens = options.tokens ?? null;
  const xs = tokens === null ? (f64(x) as Float64Array) : gatherRows(f64(x)!, tokens, I);
  const projection = new Float64Array(T * N * G * H);
  gemmNT(T * N, G * H, I, xs, 0, weights.weightIh, 0, projection, 0, false);
  addRowBias(projection, T * N, G * H, weights.biasIh);
  const hPrevious = new Float64Array(T * N * R);
  const cPrevious = kernel.hasCellState ? new Float64Array(T * N * H) : null;
  const activations = new Float64Array(T * N * width);
  const output = new Float64Array(T * N * R);
  const cTrace = kernel.hasCellState ? new Float64Array(T * N * H) : null;
  let h = f64(h0) as Float64Array;
  let c = kernel.hasCellState ? (f64(c0) as Float64Array) : null;
  const scratch = new Float64Array(N * G * H);
  const order = Array.from({ length: T }, (_, k) => (options.reverse ? T - 1 - k : k));
  for (const t of order) {
    hPrevious.set(h, t * N * R);
    if (c !== null) cPrevious?.set(c, t * N * H);
    const hNext = new Float64Array(N * R);
    const cNext = c === null ? null : new Float64Array(N * H);
    kernel.forward({
      N,
      H,
      R,
      weights,
      scratch,
      xProjection: projection.subarray(t * N * G * H, (t + 1) * N * G * H),
      hPrevious: h,
      cPrevious: c,
      h: hNext,
      c: cNext,
      saved: activations.subarray(t * N * width, (t + 1) * N * width),
    });
    for (let b = 0; b < N; b++) {
      if (isActive(options.lengths, b, t)) {
        output.set(hNext.subarray(b * R, (b + 1) * R), (t * N + b) * R);
        if (cNext !== null) cTrace?.set(cNext.subarray(b * H, (b + 1) * H), (t * N + b) * H);
      } else {
        // An ended sequence keeps its state, and its output stays 0.
        hNext.set(h.subarray(b * R, (b + 1) * R), b * R);
        if (cNext !== null && c !== null) cNext.set(c.subarray(b * H, (b + 1) * H), b * H);
      }
    }
    h = hNext;
    c = cNext;
  }
  const saved: Saved = {
    x: xs,
    tokens,
    table: tokens === null ? null : x.shape,
    batchFirst: options.batchFirst === true,
    hPrevious,
    cPrevious,
    activations,
    weights,
    order,
    lengths: options.lengths,
    reverse: options.reverse,
    sizes: { T, N, I, H, R, G, width },
  };
  if (options.onTrace !== undefined) options.onTrace(traceOf(options, saved, output, cTrace));
  const tensors = [
    options.batchFirst === true
      ? out(swapRows(output, T, N, R), [N, T, R], x)
      : out(output, [T, N, R], x),
    out(h, [N, R], x),
  ];
  if (c !== null) tensors.push(out(c, [N, H], x));
  return { tensors, saved };
}

function traceOf(
  options: SequenceOptions,
  saved: Saved,
  output: Float64Array,
  c: Float64Array | null,
): SequenceTrace {
  const gates = gateTraces(options.gateNames, saved.lengths, saved.activations, saved.sizes);
  return { gates, c: c === null ? null : Float32Array.from(c), h: Float32Array.from(output) };
}

function backward(
  kernel: CellKernel,
  saved: Saved,
  dOutput: Tensor,
  dhN: Tensor,
  dcN: Tensor | undefined,
) {
  const { T, N, I, H, R, G, width } = saved.sizes;
  const { weights, lengths } = saved;
  const given = new Float64Array(dOutput.data());
  const dOut = saved.batchFirst ? swapRows(given, N, T, R) : given;
  const dh = new Float64Array(dhN.data());
  const dc = kernel.hasCellState ? new Float64Array(dcN?.data() ?? new Float64Array(N * H)) : null;
  const dXProjection = new Float64Array(T * N * G * H);
  const dHProjection = new Float64Array(T * N * G * H);
  const gradients = {
    weightHh: new Float64Array(G * H * R),
    peepholeI: weights.peepholeI && new Float64Array(H),
    peepholeF: weights.peepholeF && new Float64Array(H),
    peepholeO: weights.peepholeO && new Float64Array(H),
    weightHr: weights.weightHr && new Float64Array(weights.weightHr.length),
  };
  const scratch = new Float64Array(N * G * H);
  const recorder = gradientNormRecorder();
  const norms = recorder === null ? null : new Float64Array(T);
  for (const t of [...saved.order].reverse()) {
    const ended: number[] = [];
    for (let b = 0; b < N; b++) {
      if (isActive(lengths, b, t)) {
        for (let j = 0; j < R; j++) dh[b * R + j] = dh[b * R + j]! + dOut[(t * N + b) * R + j]!;
      } else {
        ended.push(b);
      }
    }
    if (norms !== null) {
      let total = 0;
      for (let b = 0; b < N; b++) {
        if (!isActive(lengths, b, t)) continue;
        for (let j = 0; j < R; j++) total += dh[b * R + j]! ** 2;
      }
      norms[t] = Math.sqrt(total);
    }
    // Ended sequences pass their gradients straight through this step.
    const held = ended.map((b) => ({
      h: dh.slice(b * R, (b + 1) * R),
      c: dc?.slice(b * H, (b + 1) * H) ?? null,
    }));
    for (const b of ended) {
      dh.fill(0, b * R, (b + 1) * R);
      dc?.fill(0, b * H, (b + 1) * H);
    }
    kernel.backward({
      N,
      H,
      R,
      weights,
      gradients,
      scratch,
      dh,
      dc,
      hPrevious: saved.hPrevious.subarray(t * N * R, (t + 1) * N * R),
      cPrevious: saved.cPrevious?.subarray(t * N * H, (t + 1) * N * H) ?? null,
      saved: saved.activations.subarray(t * N * width, (t + 1) * N * width),
      dXProjection: dXProjection.subarray(t * N * G * H, (t + 1) * N * G * H),
      dHProjection: dHProjection.subarray(t * N * G * H, (t + 1) * N * G * H),
    });
    ended.forEach((b, k) => {
      const { h, c } = held[k]!;
      dh.set(h, b * R);
      if (c !== null) dc?.set(c, b * H);
    });
  }
  if (norms !== null) recorder?.push({ kernel: kernel.name, reverse: saved.reverse, norms });
  const rows = T * N;
  const dWeightIh = new Float64Array(G * H * I);
  gemmTN(G * H, I, rows, dXProjection, 0, G * H, saved.x, 0, I, dWeightIh, 0);
  const dWeightHh = gradients.weightHh;
  for (let block = 0; block < G; block++) {
    if (kernel.selfAccumulatedBlocks.includes(block)) continue;
    gemmTN(
      H,
      R,
      rows,
      dHProjection,
      block * H,
      G * H,
      saved.hPrevious,
      0,
      R,
      dWeightHh,
      block * H * R,
    );
  }
  const dx = new Float64Array(rows * I);
  gemmNN(rows, I, G * H, dXProjection, 0, weights.weightIh, 0, dx, 0, false);
  return {
    dx: saved.tokens === null ? dx : scatterAddRows(dx, saved.tokens, I, saved.table!),
    dh0: dh,
    dc0: dc,
    dWeightIh,
    dWeightHh,
    dBiasIh: columnSums(dXProjection, rows, G * H),
    dBiasHh: columnSums(dHProjection, rows, G * H),
    gradients,
  };
}

const functions = new WeakMap<CellKernel, Function<SequenceArgs, Tensor[]>>();

/**
 * The autograd Function that runs `kernel` over a whole sequence: `[x [T, N, H_in], h0 [N, R],
 * c0 [N, H] | null, weightIh, weightHh, biasIh, biasHh, peepholeI/F/O, weightHr, options]` →
 * `[output [T, N, R], hN [N, R], cN [N, H]?]`. One per kernel, created on first use.
 * @category Cells
 */
export function sequenceFunction(kernel: CellKernel): Function<SequenceArgs, Tensor[]> {
  const existing = functions.get(kernel);
  if (existing !== undefined) return existing;
  const created = defineFunction<SequenceArgs, Tensor[], Saved | FusedSaved | null>({
    name: kernel.name,
    forward(ctx, ...args) {
      const fused = fusedKernels(kernel, args);
      const save = ctx.needsInputGrad.some(Boolean);
      const { tensors, saved } =
        fused === null ? forward(kernel, args) : fusedForward(kernel, fused, args, save);
      ctx.state = saved;
      return tensors;
    },
    release(ctx) {
      const state = ctx.state;
      if (state !== null && state !== undefined && 'fused' in state) state.saved.release();
      ctx.state = null;
    },
    backward(ctx, dOutput, dhN, dcN) {
      const state = ctx.state;
      if (state === null || state === undefined)
        throw new Error(`internal: ${kernel.name} backward without saved state`);
      if ('fused' in state)
        return fusedBackward(kernel, state, ctx.needsInputGrad, dOutput, dhN, dcN);
      const saved = state;
      const { T, N, I, H, R } = saved.sizes;
      const result = backward(kernel, saved, dOutput, dhN, dcN);
      const like = dOutput;
      const grad = (values: Float64Array | null, shape: readonly number[]): Tensor | null =>
        values === null ? null : out(values, shape, like);
      const G = kernel.gates;
      return [
        grad(result.dx, saved.table ?? [T, N, I]),
        grad(result.dh0, [N, R]),
        grad(result.dc0, [N, H]),
        grad(result.dWeightIh, [G * H, I]),
        grad(result.dWeightHh, [G * H, R]),
        saved.weights.biasIh === null ? null : grad(result.dBiasIh, [G * H]),
        saved.weights.biasHh === null ? null : grad(result.dBiasHh, [G * H]),
        grad(result.gradients.peepholeI, [H]),
        grad(result.gradients.peepholeF, [H]),
        grad(result.gradients.peepholeO, [H]),
        grad(result.gradients.weightHr, [R, H]),
        null,
      ];
    },
  });
  functions.set(kernel, created);
  return created;
}
