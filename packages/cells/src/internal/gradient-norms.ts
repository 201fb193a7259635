// recordGradientNorms: the per-step norms of ∂L/∂h that every fused sequence's backward
// reports while a recorder is active.

/** The gradient norm ‖∂L/∂h_t‖ at every step of one sequence's backward pass. @category Traces */
export interface GradientNormRecord {
  /** The cell kind, e.g. `'LSTM'`. */
  readonly kernel: string;
  /** True for a reverse-direction run. */
  readonly reverse: boolean;
  /** `norms[t]`: the L2 norm over batch and units of ∂L/∂h at time position t (0 where no sequence was active). */
  readonly norms: Float64Array;
}

/** What {@link recordGradientNorms} returns. @category Traces */
export interface RecordedGradientNorms<T> {
  /** What the function returned. */
  result: T;
  /** One record per fused sequence back-propagated through, in backward order. */
  records: GradientNormRecord[];
}

let recorder: GradientNormRecord[] | null = null;

/** The records of the innermost recordGradientNorms call running now, or null. */
export function gradientNormRecorder(): GradientNormRecord[] | null {
  return recorder;
}

/**
 * Runs `fn` (which calls `backward()`) and collects, for every fused sequence it
 * back-propagates through, the norm of the gradient with respect to h at each step: the
 * picture of vanishing and exploding gradients. Records come in backward order (the last
 * layer first).
 * @example
 * ```ts
 * const { records } = recordGradientNorms(() => loss.backward());
 * records[0].norms; // Float64Array of length T
 * ```
 * @category Traces
 */
export function recordGradientNorms<T>(fn: () => T): RecordedGradientNorms<T> {
  const previous = recorder;
  const records: GradientNormRecord[] = [];
  recorder = records;
  try {
    return { result: fn(), records };
  } finally {
    recorder = previous;
  }
}
