// The arguments and traces of a fused sequence run, shared by the float64 driver
// (sequence.ts) and the backend path (fused-sequence.ts).
import { ArgumentError, formatShape, type Tensor } from '@unroll/tensor';

/** Per-step activations of one sequence, for visualisation; time-major `[T, N, ·]`. @category Traces */
export interface SequenceTrace {
  /** Gate activations by gate name, each `[T, N, H]`. */
  readonly gates: Readonly<Record<string, Float32Array>>;
  /** Cell state `[T, N, H]` (LSTM kinds), else null. */
  readonly c: Float32Array | null;
  /** Hidden state `[T, N, R]`. */
  readonly h: Float32Array;
}

/** Non-tensor arguments of a sequence run. @category Cells */
export interface SequenceOptions {
  /** Run from the last step to the first. */
  readonly reverse: boolean;
  /** Valid steps per batch entry (1 … T), or null when every sequence has T steps. */
  readonly lengths: Int32Array | null;
  /**
   * `[T·N]` time-major token ids, when `x` is a `[V, H_in]` table read by id (an embedding
   * folded into the layer: step t of batch entry n reads row `tokens[t·N + n]`; N comes from
   * h0). x's gradient is then the table's.
   */
  readonly tokens?: Int32Array;
  /**
   * Return the output `[N, T, R]` (batch-first) instead of `[T, N, R]`; its gradient comes back
   * the same way. Traces stay time-major.
   */
  readonly batchFirst?: boolean;
  /** Gate names of the cell, in saved order, for traces (e.g. `['i', 'f', 'g', 'o']`). */
  readonly gateNames: readonly string[];
  /** Receives the activations when a trace is requested. */
  readonly onTrace?: (trace: SequenceTrace) => void;
}

/** The tensors of one sequence run, in the order `apply` takes them. */
export type SequenceArgs = readonly [
  x: Tensor,
  h0: Tensor,
  c0: Tensor | null,
  weightIh: Tensor,
  weightHh: Tensor,
  biasIh: Tensor | null,
  biasHh: Tensor | null,
  peepholeI: Tensor | null,
  peepholeF: Tensor | null,
  peepholeO: Tensor | null,
  weightHr: Tensor | null,
  options: SequenceOptions,
];

/** True when batch entry b is still running at step t. */
export const isActive = (lengths: Int32Array | null, b: number, t: number): boolean =>
  lengths === null || t < lengths[b]!;

/**
 * Each named gate's activations `[T, N, H]` for a trace, copied out of the saved activations
 * (`[T, N, width]`, gate k at columns k·H …); rows of ended sequences stay 0.
 */
export function gateTraces(
  gateNames: readonly string[],
  lengths: Int32Array | null,
  activations: Float32Array | Float64Array,
  sizes: { T: number; N: number; H: number; width: number },
): Record<string, Float32Array> {
  const { T, N, H, width } = sizes;
  const gates: Record<string, Float32Array> = {};
  gateNames.forEach((name, k) => {
    const values = new Float32Array(T * N * H);
    for (let t = 0; t < T; t++) {
      for (let b = 0; b < N; b++) {
        if (!isActive(lengths, b, t)) continue;
        const at = (t * N + b) * width + k * H;
        values.set(activations.subarray(at, at + H), (t * N + b) * H);
      }
    }
    gates[name] = values;
  });
  return gates;
}

/** Steps T, batch N and input features I of a run: from x `[T, N, I]`, or from the tokens. */
export function inputSizes(args: SequenceArgs): { T: number; N: number; I: number } {
  const [x, h0, , , , , , , , , , options] = args;
  if (options.tokens === undefined) {
    const [T = 0, N = 0, I = 0] = x.shape;
    return { T, N, I };
  }
  const tokens = options.tokens;
  const N = h0.shape[0] ?? 0;
  const [V = 0, I = 0] = x.shape;
  if (x.rank !== 2 || N === 0 || tokens.length % N !== 0) {
    throw new ArgumentError(
      `sequence: with tokens, x must be a [V, I] table and tokens hold T·N ids (N = ${N} from h0), got x ${formatShape(x.shape)} and ${tokens.length} tokens.`,
      { argument: 'tokens' },
    );
  }
  for (const id of tokens) {
    if (!(Number.isInteger(id) && id >= 0 && id < V)) {
      throw new ArgumentError(`sequence: tokens must be row ids in [0, ${V - 1}], got ${id}.`, {
        argument: 'tokens',
      });
    }
  }
  return { T: tokens.length / N, N, I };
}

/** Rows `[A, B, width]` reordered to `[B, A, width]` (time-major ↔ batch-first). */
export function swapRows<T extends Float32Array | Float64Array>(
  values: T,
  A: number,
  B: number,
  width: number,
): T {
  const out = new (values.constructor as new (length: number) => T)(values.length);
  for (let a = 0; a < A; a++)
    for (let b = 0; b < B; b++)
      out.set(values.subarray((a * B + b) * width, (a * B + b + 1) * width), (b * A + a) * width);
  return out;
}
