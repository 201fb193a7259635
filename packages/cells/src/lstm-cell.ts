// The LSTM cell: plain, with diagonal peepholes, or with a coupled input-forget gate, as
// options of one cell; the fused step also handles the projection of h that the LSTM layer's
// projSize uses. Holds the fused step (forward and exact backward) that the sequence driver
// runs, and the LSTMCell module for single steps.
import { Parameter } from '@unroll/autograd';
import { type DType, type Generator, type Tensor } from '@unroll/tensor';
import type { BackwardStep, CellKernel, ForwardStep } from './cell-spec';
import { addRowBias, sigmoid } from './internal/activations';
import { gemmNN, gemmNT, gemmTN } from './internal/gemm';
import { stepCell } from './internal/step-cell';
import { defaultRecurrentInit } from './init';
import { Module, checkSize } from './module';

/** The LSTM variants. @category Cells */
export interface LSTMVariant {
  /** Diagonal peepholes: i and f see c, o sees the new c' (ONNX's convention). */
  peephole?: boolean;
  /** Coupled input-forget gate: i = 1 − f, so there is no input-gate block (G = 3). */
  coupled?: boolean;
}

const kernels = new Map<string, CellKernel>();

/**
 * The fused LSTM step for a variant. Saved per row: the gate activations (i, f, g, o, or
 * f, g, o when coupled), then tanh(c'), then m = o ⊙ tanh(c') (the unprojected h).
 * Symbols follow the equations in {@link LSTMCell}.
 * @category Cells
 */
export function lstmKernel({ peephole = false, coupled = false }: LSTMVariant = {}): CellKernel {
  const key = `${peephole}-${coupled}`;
  const existing = kernels.get(key);
  if (existing !== undefined) return existing;
  const G = coupled ? 3 : 4;
  // Block positions of each gate in the weight rows.
  const [I, F, Gg, O] = coupled ? [-1, 0, 1, 2] : [0, 1, 2, 3];
  const kernel: CellKernel = {
    name: `LSTM${peephole ? 'Peephole' : ''}${coupled ? 'Coupled' : ''}`,
    cell: { kind: 'lstm', peephole, coupled },
    gates: G,
    hasCellState: true,
    selfAccumulatedBlocks: [],
    savedWidth: (H) => G * H + 2 * H,
    forward(step: ForwardStep): void {
      const { N, H, R, weights, scratch: pre, saved } = step;
      const c = step.c as Float64Array;
      const cPrevious = step.cPrevious as Float64Array;
      const width = G * H + 2 * H;
      pre.set(step.xProjection);
      gemmNT(N, G * H, R, step.hPrevious, 0, weights.weightHh, 0, pre, 0, true);
      addRowBias(pre, N, G * H, weights.biasHh);
      const { peepholeI: pI, peepholeF: pF, peepholeO: pO } = weights;
      const m = new Float64Array(N * H);
      for (let b = 0; b < N; b++) {
        const row = b * G * H;
        const out = b * width;
        for (let j = 0; j < H; j++) {
          const cp = cPrevious[b * H + j]!;
          const f = sigmoid(pre[row + F * H + j]! + (peephole ? pF![j]! * cp : 0));
          const i = coupled
            ? 1 - f
            : sigmoid(pre[row + I * H + j]! + (peephole ? pI![j]! * cp : 0));
          const g = Math.tanh(pre[row + Gg * H + j]!);
          const cNext = f * cp + i * g;
          const o = sigmoid(pre[row + O * H + j]! + (peephole ? pO![j]! * cNext : 0));
          const tc = Math.tanh(cNext);
          c[b * H + j] = cNext;
          if (!coupled) saved[out + I * H + j] = i;
          saved[out + F * H + j] = f;
          saved[out + Gg * H + j] = g;
          saved[out + O * H + j] = o;
          saved[out + G * H + j] = tc;
          saved[out + (G + 1) * H + j] = o * tc;
          m[b * H + j] = o * tc;
        }
      }
      if (weights.weightHr === null) step.h.set(m);
      else gemmNT(N, R, H, m, 0, weights.weightHr, 0, step.h, 0, false);
    },
    backward(step: BackwardStep): void {
      const { N, H, R, weights, gradients, saved, dh, scratch: dPre } = step;
      const dc = step.dc as Float64Array;
      const cPrevious = step.cPrevious as Float64Array;
      const width = G * H + 2 * H;
      let dm = dh;
      if (weights.weightHr !== null) {
        // h' = m W_hrᵀ: dm = dh' W_hr, dW_hr += dh'ᵀ m.
        const m = new Float64Array(N * H);
        for (let b = 0; b < N; b++)
          m.set(saved.subarray(b * width + (G + 1) * H, b * width + (G + 2) * H), b * H);
        gemmTN(R, H, N, dh, 0, R, m, 0, H, gradients.weightHr as Float64Array, 0);
        dm = new Float64Array(N * H);
        gemmNN(N, H, R, dh, 0, weights.weightHr, 0, dm, 0, false);
      }
      const { peepholeI: pI, peepholeF: pF, peepholeO: pO } = weights;
      for (let b = 0; b < N; b++) {
        const row = b * G * H;
        const out = b * width;
        for (let j = 0; j < H; j++) {
          const f = saved[out + F * H + j]!;
          const i = coupled ? 1 - f : saved[out + I * H + j]!;
          const g = saved[out + Gg * H + j]!;
          const o = saved[out + O * H + j]!;
          const tc = saved[out + G * H + j]!;
          const cp = cPrevious[b * H + j]!;
          const d = dm[b * H + j]!;
          const dPreO = d * tc * o * (1 - o);
          let dcNext = dc[b * H + j]! + d * o * (1 - tc * tc);
          if (peephole) {
            dcNext += dPreO * pO![j]!;
            gradients.peepholeO![j] = gradients.peepholeO![j]! + dPreO * (f * cp + i * g);
          }
          const dI = dcNext * g;
          const dF = dcNext * cp - (coupled ? dI : 0);
          const dPreF = dF * f * (1 - f);
          const dPreI = coupled ? 0 : dI * i * (1 - i);
          let dcPrevious = dcNext * f;
          if (peephole) {
            dcPrevious += dPreF * pF![j]! + (coupled ? 0 : dPreI * pI![j]!);
            gradients.peepholeF![j] = gradients.peepholeF![j]! + dPreF * cp;
            if (!coupled) gradients.peepholeI![j] = gradients.peepholeI![j]! + dPreI * cp;
          }
          if (!coupled) dPre[row + I * H + j] = dPreI;
          dPre[row + F * H + j] = dPreF;
          dPre[row + Gg * H + j] = dcNext * i * (1 - g * g);
          dPre[row + O * H + j] = dPreO;
          dc[b * H + j] = dcPrevious;
        }
      }
      step.dXProjection.set(dPre);
      step.dHProjection.set(dPre);
      gemmNN(N, R, G * H, dPre, 0, weights.weightHh, 0, dh, 0, false);
    },
  };
  kernels.set(key, kernel);
  return kernel;
}

/** Options of {@link LSTMCell}. @category Cells */
export interface LSTMCellOptions extends LSTMVariant {
  /** Features per input step, H_in. */
  inputSize: number;
  /** Size of the cell state c (and of h without projection), H. */
  hiddenSize: number;
  /** Add the biases b_ih and b_hh (default true). */
  bias?: boolean;
  /** Element type of the parameters (default float32). */
  dtype?: DType;
  /** Source of the initial weights (default: the global generator). */
  generator?: Generator;
}

/**
 * One LSTM step (PyTorch's `LSTMCell`, plus peephole and coupled variants).
 *
 * ```math
 * i  = σ(W_i x + b_ii + R_i h + b_hi [+ p_i ⊙ c])      (coupled: i = 1 − f)
 * f  = σ(W_f x + b_if + R_f h + b_hf [+ p_f ⊙ c])
 * g  = tanh(W_g x + b_ig + R_g h + b_hg)
 * c' = f ⊙ c + i ⊙ g
 * o  = σ(W_o x + b_io + R_o h + b_ho [+ p_o ⊙ c'])
 * h' = o ⊙ tanh(c')
 * ```
 *
 * **Options**: `inputSize`, `hiddenSize`, `bias` (default true), `peephole`, `coupled`.
 * **Inputs**: `x` `[N, H_in]` or `[H_in]`; `state` `[h, c]`, each `[N, H]` (or `[H]`),
 * zeros if omitted. **Outputs**: `[h', c']`, shaped like the state.
 * **Parameters**: `weightIh` `[G·H, H_in]`, `weightHh` `[G·H, H]`, `biasIh`, `biasHh` `[G·H]`
 * with G = 4 (gates i, f, g, o in that row order) or 3 when coupled (f, g, o); `peepholeI`,
 * `peepholeF`, `peepholeO` `[H]` with peepholes. All start as `U(−1/√H, 1/√H)`.
 * **Conventions**: PyTorch's gate order and two biases (they add up); peepholes follow ONNX
 * (the output gate sees the new cell state c').
 * @example
 * ```ts
 * const cell = new LSTMCell({ inputSize: 3, hiddenSize: 5 });
 * let state = undefined;
 * for (const x of steps) state = cell.forward(x, state); // x: [N, 3]
 * ```
 * @see torch.nn.LSTMCell
 * @category Cells
 */
export class LSTMCell extends Module {
  /** Features per input step, H_in. */
  readonly inputSize: number;
  /** Hidden size H. */
  readonly hiddenSize: number;
  /** Whether the gates peek at the cell state. */
  readonly peephole: boolean;
  /** Whether the input gate is coupled to the forget gate (i = 1 − f). */
  readonly coupled: boolean;
  /** `[G·H, H_in]` input-to-hidden weights (`weight_ih`). */
  weightIh: Parameter;
  /** `[G·H, H]` hidden-to-hidden weights (`weight_hh`). */
  weightHh: Parameter;
  /** `[G·H]` input bias (`bias_ih`), or null without bias. */
  biasIh: Parameter | null;
  /** `[G·H]` hidden bias (`bias_hh`), or null without bias. */
  biasHh: Parameter | null;
  /** `[H]` input-gate peephole, or null. */
  peepholeI: Parameter | null;
  /** `[H]` forget-gate peephole, or null. */
  peepholeF: Parameter | null;
  /** `[H]` output-gate peephole, or null. */
  peepholeO: Parameter | null;

  constructor(options: LSTMCellOptions) {
    super();
    const api = 'LSTMCell';
    this.inputSize = checkSize(api, 'inputSize', options.inputSize);
    this.hiddenSize = checkSize(api, 'hiddenSize', options.hiddenSize);
    this.peephole = options.peephole ?? false;
    this.coupled = options.coupled ?? false;
    const H = this.hiddenSize;
    const G = this.coupled ? 3 : 4;
    const init = (shape: number[]): Parameter =>
      new Parameter(
        defaultRecurrentInit(shape, H, { dtype: options.dtype, generator: options.generator }),
      );
    this.weightIh = init([G * H, this.inputSize]);
    this.weightHh = init([G * H, H]);
    const bias = options.bias ?? true;
    this.biasIh = bias ? init([G * H]) : null;
    this.biasHh = bias ? init([G * H]) : null;
    this.peepholeI = this.peephole && !this.coupled ? init([H]) : null;
    this.peepholeF = this.peephole ? init([H]) : null;
    this.peepholeO = this.peephole ? init([H]) : null;
  }

  /**
   * One step. See the class documentation for shapes.
   * @throws {ShapeError} if `x` or the state has the wrong shape
   */
  forward(x: Tensor, state?: readonly [h: Tensor, c: Tensor]): readonly [h: Tensor, c: Tensor] {
    const [h, c] = stepCell({
      api: 'LSTMCell.forward',
      kernel: lstmKernel({ peephole: this.peephole, coupled: this.coupled }),
      inputSize: this.inputSize,
      stateSizes: [this.hiddenSize, this.hiddenSize],
      x,
      state,
      weights: [
        this.weightIh,
        this.weightHh,
        this.biasIh,
        this.biasHh,
        this.peepholeI,
        this.peepholeF,
        this.peepholeO,
        null,
      ],
    });
    return [h as Tensor, c as Tensor];
  }

  protected override extraRepr(): string {
    const flags = [
      this.biasIh === null ? 'bias=false' : '',
      this.peephole ? 'peephole=true' : '',
      this.coupled ? 'coupled=true' : '',
    ];
    return [`${this.inputSize}, ${this.hiddenSize}`, ...flags.filter(Boolean)].join(', ');
  }
}
