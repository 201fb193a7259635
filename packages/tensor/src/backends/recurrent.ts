// The fused-sequence contract: a backend may run a whole recurrent layer (one direction,
// every step) in one call, forward and backward. @unroll/cells asks the current backend for
// it and falls back to its own float64 driver (the oracle) when the backend has none or
// does not support the cell. Symbols: T steps, N batch, I input size, H hidden size,
// R size of h (H, or P with an LSTM projection), G gate blocks.
import type { DType } from '../dtype';
import type { TensorInfo } from './tensor-info';

/** Which fused recurrence, with its variant flags. @category Backends */
export interface RecurrentCell {
  /** `'lstm'`, `'gru'` or `'rnn'`. */
  readonly kind: 'lstm' | 'gru' | 'rnn';
  /** LSTM: diagonal peepholes. */
  readonly peephole?: boolean;
  /** LSTM: coupled input-forget gate (G = 3). */
  readonly coupled?: boolean;
  /** GRU: reset after the recurrent product (PyTorch's default). */
  readonly resetAfter?: boolean;
  /** RNN: relu instead of tanh. */
  readonly relu?: boolean;
}

/** A layer's weights in PyTorch's layouts as kernel operands; absent ones are null. @category Backends */
export interface RecurrentWeights {
  /** `[G·H, I]`. */
  readonly weightIh: TensorInfo;
  /** `[G·H, R]`. */
  readonly weightHh: TensorInfo;
  /** `[G·H]` or null. */
  readonly biasIh: TensorInfo | null;
  /** `[G·H]` or null. */
  readonly biasHh: TensorInfo | null;
  /** `[H]` LSTM peephole of the input gate, or null. */
  readonly peepholeI: TensorInfo | null;
  /** `[H]` LSTM peephole of the forget gate, or null. */
  readonly peepholeF: TensorInfo | null;
  /** `[H]` LSTM peephole of the output gate, or null. */
  readonly peepholeO: TensorInfo | null;
  /** `[R, H]` LSTM projection, or null. */
  readonly weightHr: TensorInfo | null;
}

/** The sizes of one sequence run. @category Backends */
export interface RecurrentSizes {
  /** Steps. */
  readonly T: number;
  /** Batch. */
  readonly N: number;
  /** Input features. */
  readonly I: number;
  /** Hidden size. */
  readonly H: number;
  /** Size of h. */
  readonly R: number;
}

/** What a fused forward reads. @category Backends */
export interface RecurrentForwardArgs {
  /** The cell. */
  readonly cell: RecurrentCell;
  /** The sizes. */
  readonly sizes: RecurrentSizes;
  /** `[T, N, I]` time-major input; with `tokens`, the `[V, I]` table the tokens index. */
  readonly x: TensorInfo;
  /**
   * `[T·N]` time-major row ids into `x` (an embedding lookup folded into the layer: step t of
   * batch entry n reads row `tokens[t·N + n]`), or null when `x` holds the steps themselves.
   * The backend may multiply the table by W_ih once instead of every step's row.
   */
  readonly tokens: Int32Array | null;
  /** `[N, R]` initial hidden state. */
  readonly h0: TensorInfo;
  /** `[N, H]` initial cell state (LSTM), else null. */
  readonly c0: TensorInfo | null;
  /** The weights. */
  readonly weights: RecurrentWeights;
  /** Run from the last step to the first. */
  readonly reverse: boolean;
  /** Valid steps per batch entry, or null when all run T steps. */
  readonly lengths: Int32Array | null;
  /** Keep what the backward needs (false under no-grad). */
  readonly save: boolean;
  /**
   * Return the output batch-first, `[N, T, R]`, and read the backward's `dOutput` the same
   * way (a batch-first layer's last layer); else time-major `[T, N, R]`.
   */
  readonly batchFirst: boolean;
}

/** What a fused forward keeps for its backward; released after the backward or when collected. @category Backends */
export interface RecurrentSaved {
  /** Every step's saved activations `[T, N, width]`, in the cpu kernel's layout (for traces). */
  activations(): Float32Array;
  /** Frees the saved state now; a later backward through it throws. */
  release(): void;
}

/** What a fused forward returns. @category Backends */
export interface RecurrentForwardResult {
  /** `[T, N, R]` outputs (`[N, T, R]` when asked batch-first; 0 past a sequence's length). */
  readonly output: Float32Array;
  /** `[N, R]` final hidden state. */
  readonly h: Float32Array;
  /** `[N, H]` final cell state, or null. */
  readonly c: Float32Array | null;
  /** The state for the backward, or null when `save` was false. */
  readonly saved: RecurrentSaved | null;
}

/** What a fused backward reads. @category Backends */
export interface RecurrentBackwardArgs {
  /** What the forward saved. */
  readonly saved: RecurrentSaved;
  /** `[T, N, R]` gradient of the outputs (`[N, T, R]` if the forward was batch-first; read, not kept). */
  readonly dOutput: TensorInfo;
  /** `[N, R]` gradient of the final hidden state. */
  readonly dh: TensorInfo;
  /** `[N, H]` gradient of the final cell state, or null. */
  readonly dc: TensorInfo | null;
  /** Whether to compute the input gradient. */
  readonly inputGradient: boolean;
  /** Whether to return ‖∂L/∂h_t‖ per step. */
  readonly recordNorms: boolean;
}

/** The gradients a fused backward returns, in the shapes of their inputs; null for absent weights. @category Backends */
export interface RecurrentGradients {
  /** `[T, N, I]` (with tokens: `[V, I]`, the table's gradient), or null when not requested. */
  readonly x: Float32Array | null;
  /** `[N, R]`. */
  readonly h0: Float32Array;
  /** `[N, H]` or null. */
  readonly c0: Float32Array | null;
  /** `[G·H, I]`. */
  readonly weightIh: Float32Array;
  /** `[G·H, R]`. */
  readonly weightHh: Float32Array;
  /** `[G·H]` or null. */
  readonly biasIh: Float32Array | null;
  /** `[G·H]` or null. */
  readonly biasHh: Float32Array | null;
  /** `[H]` or null. */
  readonly peepholeI: Float32Array | null;
  /** `[H]` or null. */
  readonly peepholeF: Float32Array | null;
  /** `[H]` or null. */
  readonly peepholeO: Float32Array | null;
  /** `[R, H]` or null. */
  readonly weightHr: Float32Array | null;
  /** `[T]` ‖∂L/∂h_t‖ when requested, else null. */
  readonly norms: Float64Array | null;
}

/**
 * A backend's fused whole-sequence kernels (`Backend.recurrent`). The float64 driver in
 * `@unroll/cells` is the reference they are tested against.
 * @category Backends
 */
export interface RecurrentKernels {
  /** True when this backend fuses `cell` in `dtype`. */
  supports(cell: RecurrentCell, dtype: DType): boolean;
  /** Runs every step of one layer and direction. */
  forward(args: RecurrentForwardArgs): RecurrentForwardResult;
  /** Back-propagates through a forward's saved state. */
  backward(args: RecurrentBackwardArgs): RecurrentGradients;
  /**
   * Builds a stepper for inference one step at a time (optional: callers fall back to the
   * fused forward, or to their own ops, without it).
   */
  stepper?(args: RecurrentStepperArgs): RecurrentStepper;
}

/** One layer (one direction) of a stepper. @category Backends */
export interface RecurrentStepperLayer {
  /** The cell. */
  readonly cell: RecurrentCell;
  /** Input features I, hidden size H and size of h R. */
  readonly sizes: Pick<RecurrentSizes, 'I' | 'H' | 'R'>;
  /** The layer's weights. */
  readonly weights: RecurrentWeights;
}

/** What a stepper runs: optional token table, stacked layers, optional linear head. @category Backends */
export interface RecurrentStepperArgs {
  /** Batch N: sequences stepped side by side. */
  readonly batch: number;
  /** `[V, I]` rows looked up by token id for the first layer's input, or null for features. */
  readonly table: TensorInfo | null;
  /** The stacked layers, first to last (the input of each is the h of the one before). */
  readonly layers: readonly RecurrentStepperLayer[];
  /** `y = h Wᵀ + b` on the last layer's h, or null. */
  readonly head: RecurrentStepperHead | null;
}

/** A stepper's linear head. @category Backends */
export interface RecurrentStepperHead {
  /** `[O, R]`. */
  readonly weight: TensorInfo;
  /** `[O]`, or null. */
  readonly bias: TensorInfo | null;
}

/** A stepper's state, per layer. @category Backends */
export interface RecurrentStepperState {
  /** Every layer's h `[N, R]`. */
  readonly h: readonly Float32Array[];
  /** Every layer's c `[N, H]`, null without a cell state. */
  readonly c: readonly (Float32Array | null)[];
}

/**
 * A recurrent stack stepped one step per call, its weights prepared once and its state kept
 * by the backend between calls (no saved activations, no autograd). @category Backends
 */
export interface RecurrentStepper {
  /**
   * Runs one step: `input` is N token ids with a table, else `[N, I]` features. Returns a copy
   * of the head's output `[N, O]`, or of the last layer's h `[N, R]` without a head.
   */
  step(input: Int32Array | Float32Array): Float32Array;
  /** Copies of every layer's state. */
  state(): RecurrentStepperState;
  /** Sets every layer's state (same shapes as {@link RecurrentStepper.state}). */
  setState(h: readonly Float32Array[], c: readonly (Float32Array | null)[]): void;
  /** Frees what the backend holds; later calls throw. */
  release(): void;
}
