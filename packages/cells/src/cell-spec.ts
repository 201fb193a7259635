// The contract between a cell's math and the fused sequence driver (internal/sequence.ts).
// A cell supplies one forward step and one backward step over a batch on float64 arrays;
// the driver runs the time loop, the input projection and the weight-gradient products.
// Symbols follow the equations: N batch, H hidden size, R size of h (H, or the projection P),
// G gate blocks.
import type { RecurrentCell } from '@unroll/tensor';

/** A cell's weights as float64 arrays in PyTorch's layouts; absent ones are null. @category Cells */
export interface CellWeights {
  /** `[G·H, H_in]`. */
  readonly weightIh: Float64Array;
  /** `[G·H, R]`. */
  readonly weightHh: Float64Array;
  /** `[G·H]` or null without bias. */
  readonly biasIh: Float64Array | null;
  /** `[G·H]` or null without bias. */
  readonly biasHh: Float64Array | null;
  /** `[H]` peephole weights of the LSTM's input, forget and output gates, or null. */
  readonly peepholeI: Float64Array | null;
  /** See peepholeI. */
  readonly peepholeF: Float64Array | null;
  /** See peepholeI. */
  readonly peepholeO: Float64Array | null;
  /** `[P, H]` LSTM projection, or null. */
  readonly weightHr: Float64Array | null;
}

/** Gradients of the weights a step accumulates itself (everything but `weightIh`/`biasIh`). @category Cells */
export interface CellWeightGradients {
  /** `[G·H, R]`: only the blocks listed in `selfAccumulatedBlocks`; the driver adds the rest. */
  readonly weightHh: Float64Array;
  /** `[H]` each, or null. */
  readonly peepholeI: Float64Array | null;
  /** See peepholeI. */
  readonly peepholeF: Float64Array | null;
  /** See peepholeI. */
  readonly peepholeO: Float64Array | null;
  /** `[P, H]` or null. */
  readonly weightHr: Float64Array | null;
}

/** Sizes shared by every step of one sequence. @category Cells */
export interface StepSizes {
  /** Batch size. */
  readonly N: number;
  /** Hidden size (size of c). */
  readonly H: number;
  /** Size of h: H, or P with a projection. */
  readonly R: number;
}

/** What a forward step reads and writes. Views cover this step only; rows are batch entries. @category Cells */
export interface ForwardStep extends StepSizes {
  /** `[N, G·H]`: `x W_ihᵀ + b_ih` for this step. */
  readonly xProjection: Float64Array;
  /** `[N, R]` previous hidden state. */
  readonly hPrevious: Float64Array;
  /** `[N, H]` previous cell state, or null for cells without one. */
  readonly cPrevious: Float64Array | null;
  /** The cell's weights. */
  readonly weights: CellWeights;
  /** `[N, R]` to fill with the new hidden state. */
  readonly h: Float64Array;
  /** `[N, H]` to fill with the new cell state, or null. */
  readonly c: Float64Array | null;
  /** `[N, savedWidth]` to fill with what the backward step needs (gate activations). */
  readonly saved: Float64Array;
  /** `[N, G·H]` scratch space. */
  readonly scratch: Float64Array;
}

/** What a backward step reads and writes for one step. @category Cells */
export interface BackwardStep extends StepSizes {
  /** `[N, R]` hidden state before the step. */
  readonly hPrevious: Float64Array;
  /** `[N, H]` cell state before the step, or null. */
  readonly cPrevious: Float64Array | null;
  /** What the forward step saved. */
  readonly saved: Float64Array;
  /** The cell's weights. */
  readonly weights: CellWeights;
  /** `[N, R]`: in, ∂L/∂h of this step; out, ∂L/∂h of the previous step. */
  readonly dh: Float64Array;
  /** `[N, H]`: in, ∂L/∂c of this step; out, ∂L/∂c of the previous step; or null. */
  readonly dc: Float64Array | null;
  /** `[N, G·H]` to fill with ∂L/∂(x W_ihᵀ + b_ih). */
  readonly dXProjection: Float64Array;
  /** `[N, G·H]` to fill with ∂L/∂(recurrent pre-activation of each block, bias b_hh included). */
  readonly dHProjection: Float64Array;
  /** Weight gradients the step accumulates itself. */
  readonly gradients: CellWeightGradients;
  /** `[N, G·H]` scratch space. */
  readonly scratch: Float64Array;
}

/**
 * The fused math of one cell kind. A step sees the whole batch; the driver takes care of
 * sequences that have ended (variable lengths) by restoring their state after the step and
 * by zeroing their incoming gradients before the backward step.
 * @category Cells
 */
export interface CellKernel {
  /** Shown in `gradFn.name`, e.g. `'LSTM'`. */
  readonly name: string;
  /**
   * The built-in cell this kernel computes, as a backend's fused sequence kernels know it
   * (`Backend.recurrent`). Leave it out for a kernel of your own: the float64 driver then runs
   * it on every backend (a fused backend would otherwise run the built-in cell's math instead).
   */
  readonly cell?: RecurrentCell;
  /** Number of gate blocks G in `weightIh`/`weightHh`. */
  readonly gates: number;
  /** Whether the cell carries a cell state c (LSTMs). */
  readonly hasCellState: boolean;
  /** Values saved per batch row and step, given the hidden size. */
  savedWidth(H: number): number;
  /**
   * Blocks of `weightHh` whose gradient the backward step accumulates itself, because their
   * recurrent input is not h (GRU reset-before's n block reads r ⊙ h). The driver computes
   * the others as one product over all steps: `dW_hh[k] = Σ_t dHProjection[k]ᵀ · h_{t−1}`.
   */
  readonly selfAccumulatedBlocks: readonly number[];
  /** Computes one step for the whole batch. */
  forward(step: ForwardStep): void;
  /** Back-propagates one step for the whole batch. */
  backward(step: BackwardStep): void;
}
