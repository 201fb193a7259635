// Traces: what a recurrent layer computed at every step, as plain typed arrays, for the
// visualisation package and for anyone who wants to look inside a network.

/**
 * The activations of one layer and direction over one forward pass. Arrays are time-major
 * `[T, N, ·]` whatever `batchFirst` says: element `(t, b, j)` is at `(t·N + b)·width + j`.
 * Time `t` is the position in the sequence (the reverse direction visits T−1 first). Steps
 * past a sequence's length hold 0.
 * @category Traces
 */
export interface LayerTrace {
  /** Layer index, 0 first. */
  readonly layer: number;
  /** Which direction. */
  readonly direction: 'forward' | 'reverse';
  /** Sequence length T. */
  readonly steps: number;
  /** Batch size N. */
  readonly batch: number;
  /** Hidden size H (width of gates and c). */
  readonly hiddenSize: number;
  /** Width of h: H, or the projection size. */
  readonly outputSize: number;
  /** Gate activations by name (`i`, `f`, `g`, `o` for LSTMs; `r`, `z`, `n` for GRUs), `[T, N, H]`. */
  readonly gates: Readonly<Record<string, Float32Array>>;
  /** Cell state `[T, N, H]` for LSTMs, else null. */
  readonly c: Float32Array | null;
  /** Hidden state `[T, N, outputSize]`. */
  readonly h: Float32Array;
}

/** Every layer's and direction's trace, in order (layer by layer, forward before reverse). @category Traces */
export interface RecurrentTrace {
  /** The layer class, e.g. `'LSTM'`. */
  readonly kind: string;
  /** One entry per layer and direction. */
  readonly layers: readonly LayerTrace[];
}
