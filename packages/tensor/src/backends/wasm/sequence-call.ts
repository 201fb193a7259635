// One fused forward kernel call (assembly/lstm.ts, gru.ts, rnn.ts) built from a cell and its
// weights: which export, its argument list, and how much work one step is. The sequence
// forward and the stepper both run it; only where the operands come from differs.
import type { TensorInfo } from '../tensor-info';
import type { RecurrentCell, RecurrentWeights } from '../recurrent';
import type { PackLayout } from './resident';
import { variantFlags } from './sequence-saved';

/** Places weights in wasm memory: packed matrices, and vectors (0 for an absent one). */
export interface WeightPlacer {
  pack(info: TensorInfo, layout: PackLayout): number;
  vector(info: TensorInfo | null): number;
}

/** The buffers of one call, as byte offsets (0 for an absent one). */
export interface ForwardBuffers {
  /** REVERSE, SAVE and BATCH_FIRST bits (the variant's bits are added here). */
  readonly flags: number;
  /**
   * `[T, N, G·H]` input projection with the biases {@link projectionBias} names, or with `ids`
   * a table of such rows.
   */
  readonly proj: number;
  /** `[T, N]` int32 row of `proj` each step and batch row reads, or 0 (rows in order). */
  readonly ids: number;
  /**
   * LSTM and RNN: with `inputs` > 0, `proj` is the input x (`[T, N, inputs]`) and each step
   * projects its rows through `wx` (`[1 + inputs, G·H]`: the biases, then W_ihᵀ); else 0, 0.
   */
  readonly wx: number;
  readonly inputs: number;
  readonly lengths: number;
  readonly h: number;
  /** LSTM only. */
  readonly c: number;
  readonly out: number;
  readonly savedH: number;
  /** LSTM only. */
  readonly savedC: number;
  readonly act: number;
  /** {@link forwardScratch} floats. */
  readonly scratch: number;
}

/** A ready call: the export, its arguments before `(block, tid, threads, sync)`, its step size. */
export interface ForwardCall {
  readonly fn: 'lstmForward' | 'gruForward' | 'rnnForward';
  readonly args: number[];
  /** Index of `proj` in `args` (a stepper points it at a new row each step). */
  readonly projAt: number;
  /** Index of the flags in `args`. */
  readonly flagsAt: number;
  /** Multiply-adds of one step's recurrent product. */
  readonly stepMacs: number;
  /** Whether the kernel may split product columns over threads (not the LSTM projection). */
  readonly splittable: boolean;
}

/** Floats of the scratch a forward call shares between its threads. */
export function forwardScratch(cell: RecurrentCell, N: number, H: number, R: number): number {
  if (cell.kind === 'lstm') return N * ((cell.coupled === true ? 3 : 4) * H + R);
  return N * (cell.kind === 'gru' ? 3 * H : H);
}

/**
 * The biases that belong in the input projection: both, except the GRU's b_hh, which the
 * kernel adds to the recurrent product's n block itself.
 */
export function projectionBias(
  cell: RecurrentCell,
  weights: RecurrentWeights,
): readonly TensorInfo[] {
  const biases = [weights.biasIh, cell.kind === 'gru' ? null : weights.biasHh];
  return biases.filter((b): b is TensorInfo => b !== null);
}

/** The forward kernel call of `cell` over T steps of batch N. */
export function forwardCall(
  cell: RecurrentCell,
  weights: RecurrentWeights,
  sizes: { T: number; N: number; H: number; R: number },
  place: WeightPlacer,
  b: ForwardBuffers,
): ForwardCall {
  const { T, N, H, R } = sizes;
  const flags = b.flags | variantFlags(cell);
  const whhT = (rows: number, offset = 0): number =>
    place.pack(weights.weightHh, { K: R, N: rows, bk: 1, bn: R, offset });
  if (cell.kind === 'lstm') {
    const GH = (cell.coupled === true ? 3 : 4) * H;
    const whr =
      weights.weightHr === null
        ? 0
        : place.pack(weights.weightHr, { K: H, N: R, bk: 1, bn: H, offset: 0 });
    const args = [T, N, H, R, flags, b.proj, b.ids, b.wx, b.inputs, whhT(GH), whr];
    args.push(place.vector(weights.peepholeI), place.vector(weights.peepholeF));
    args.push(place.vector(weights.peepholeO), b.lengths, b.h, b.c, b.out);
    args.push(b.savedH, b.savedC, b.act, b.scratch);
    return {
      fn: 'lstmForward',
      args,
      projAt: 5,
      flagsAt: 4,
      stepMacs: N * GH * R,
      splittable: whr === 0,
    };
  }
  if (cell.kind === 'gru') {
    const after = cell.resetAfter !== false;
    const args = [T, N, H, flags, b.proj, b.ids, after ? whhT(3 * H) : whhT(2 * H)];
    args.push(after ? 0 : whhT(H, 2 * H * H), place.vector(weights.biasHh), b.lengths);
    args.push(b.h, b.out, b.savedH, b.act, b.scratch);
    return {
      fn: 'gruForward',
      args,
      projAt: 4,
      flagsAt: 3,
      stepMacs: N * 3 * H * H,
      splittable: true,
    };
  }
  const args = [T, N, H, flags, b.proj, b.ids, b.wx, b.inputs, whhT(H), b.lengths, b.h, b.out];
  args.push(b.savedH, b.act);
  args.push(b.scratch);
  return { fn: 'rnnForward', args, projAt: 4, flagsAt: 3, stepMacs: N * H * H, splittable: true };
}

/** The values of one or two biases added elementwise (two biases of one length). */
export function summed(biases: readonly TensorInfo[]): Float32Array {
  const [first, second] = biases.map((b) => b.data as Float32Array);
  if (second === undefined) return first!;
  return first!.map((value, k) => value + second[k]!);
}
