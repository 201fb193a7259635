// A worked example of the RecurrentCell contract: an LSTM with layer normalisation on the
// gate pre-activations and on the cell state (Ba et al., 2016), written with tensor ops only.
// The recurrent layers run it unfused; autograd differentiates it.
import { Parameter } from '@unroll/autograd';
import {
  add,
  chunk,
  matmul,
  mean,
  mul,
  ones,
  sigmoid,
  sqrt,
  sub,
  tanh,
  variance,
  zeros,
  div,
  type DType,
  type Generator,
  type Tensor,
} from '@unroll/tensor';
import { defaultRecurrentInit } from './init';
import { Module, checkSize } from './module';
import type { RecurrentCell } from './recurrent-cell';

/** Options of {@link LayerNormLSTMCell}. @category Cells */
export interface LayerNormLSTMCellOptions {
  /** Features per input step. */
  inputSize: number;
  /** Hidden size H. */
  hiddenSize: number;
  /** Added to the variance before the square root (default 1e-5). */
  eps?: number;
  /** Element type (default float32). */
  dtype?: DType;
  /** Source of the initial weights. */
  generator?: Generator;
}

/** `γ ⊙ (v − mean(v)) / sqrt(var(v) + eps) + β` over the last axis. */
function layerNorm(v: Tensor, gain: Tensor, shift: Tensor, eps: number): Tensor {
  const centred = sub(v, mean(v, -1, true));
  const scale = sqrt(add(variance(v, -1, { correction: 0, keepdims: true }), eps));
  return add(mul(div(centred, scale), gain), shift);
}

/**
 * An LSTM cell with layer normalisation, built from tensor ops as an example of a
 * user-written {@link RecurrentCell}; run it over sequences with `Recurrence` from
 * `@unroll/architectures`.
 *
 * ```math
 * [i, f, g, o] = LN_x(W_ih x) + LN_h(W_hh h) + b
 * c' = σ(f) ⊙ c + σ(i) ⊙ tanh(g)
 * h' = σ(o) ⊙ tanh(LN_c(c'))
 * ```
 *
 * **State**: `[h, c]`, each `[N, H]`. **Parameters**: `weightIh` `[4H, H_in]`, `weightHh`
 * `[4H, H]`, `bias` `[4H]`, and a gain and shift per normalisation (`lnInputGain`, …),
 * gains 1 and shifts 0 at first.
 * @example
 * ```ts
 * const cell = new LayerNormLSTMCell({ inputSize: 3, hiddenSize: 8 });
 * const [h, c] = cell.step(randn([2, 3]), [zeros([2, 8]), zeros([2, 8])]);
 * ```
 * @category Cells
 */
export class LayerNormLSTMCell extends Module implements RecurrentCell {
  /** Features per input step, H_in. */
  readonly inputSize: number;
  /** Hidden size H. */
  readonly hiddenSize: number;
  /** `[H, H]`: h and c. */
  readonly stateSizes: readonly number[];
  /** Added to the variance in each normalisation. */
  readonly eps: number;
  /** `[4H, H_in]` input-to-hidden weights. */
  weightIh: Parameter;
  /** `[4H, H]` hidden-to-hidden weights. */
  weightHh: Parameter;
  /** `[4H]` gate bias. */
  bias: Parameter;
  /** Gain of the input normalisation `[4H]`. */
  lnInputGain: Parameter;
  /** Shift of the input normalisation `[4H]`. */
  lnInputShift: Parameter;
  /** Gain of the hidden normalisation `[4H]`. */
  lnHiddenGain: Parameter;
  /** Shift of the hidden normalisation `[4H]`. */
  lnHiddenShift: Parameter;
  /** Gain of the cell-state normalisation `[H]`. */
  lnCellGain: Parameter;
  /** Shift of the cell-state normalisation `[H]`. */
  lnCellShift: Parameter;

  constructor(options: LayerNormLSTMCellOptions) {
    super();
    this.inputSize = checkSize('LayerNormLSTMCell', 'inputSize', options.inputSize);
    this.hiddenSize = checkSize('LayerNormLSTMCell', 'hiddenSize', options.hiddenSize);
    this.stateSizes = [this.hiddenSize, this.hiddenSize];
    this.eps = options.eps ?? 1e-5;
    const H = this.hiddenSize;
    const { dtype, generator } = options;
    const init = (shape: number[]) =>
      new Parameter(defaultRecurrentInit(shape, H, { dtype, generator }));
    this.weightIh = init([4 * H, this.inputSize]);
    this.weightHh = init([4 * H, H]);
    this.bias = init([4 * H]);
    this.lnInputGain = new Parameter(ones([4 * H], { dtype }));
    this.lnInputShift = new Parameter(zeros([4 * H], { dtype }));
    this.lnHiddenGain = new Parameter(ones([4 * H], { dtype }));
    this.lnHiddenShift = new Parameter(zeros([4 * H], { dtype }));
    this.lnCellGain = new Parameter(ones([H], { dtype }));
    this.lnCellShift = new Parameter(zeros([H], { dtype }));
  }

  /** One step: `(x [N, H_in], [h, c]) → [h', c']`. */
  step(x: Tensor, [h, c]: readonly Tensor[]): Tensor[] {
    const fromInput = layerNorm(
      matmul(x, this.weightIh, { transposeB: true }),
      this.lnInputGain,
      this.lnInputShift,
      this.eps,
    );
    const fromHidden = layerNorm(
      matmul(h as Tensor, this.weightHh, { transposeB: true }),
      this.lnHiddenGain,
      this.lnHiddenShift,
      this.eps,
    );
    const [i, f, g, o] = chunk(add(add(fromInput, fromHidden), this.bias), 4, -1) as [
      Tensor,
      Tensor,
      Tensor,
      Tensor,
    ];
    const cNext = add(mul(sigmoid(f), c as Tensor), mul(sigmoid(i), tanh(g)));
    const hNext = mul(
      sigmoid(o),
      tanh(layerNorm(cNext, this.lnCellGain, this.lnCellShift, this.eps)),
    );
    return [hNext, cNext];
  }

  protected override extraRepr(): string {
    return `${this.inputSize}, ${this.hiddenSize}`;
  }
}
