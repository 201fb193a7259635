// The LSTM layer: PyTorch's nn.LSTM (with projection), plus peephole and coupled variants.
import { cellSpecs, lstmKernel } from '@unroll/cells';
import { noGrad } from '@unroll/autograd';
import { ArgumentError, concat, full, slice, type Tensor } from '@unroll/tensor';
import { RecurrentLayer, type RecurrentForwardOptions, type RecurrentOptions } from './recurrent';
import type { RecurrentTrace } from './trace';

/** Options of {@link LSTM}. @category Layers */
export interface LSTMOptions extends RecurrentOptions {
  /** Project h to this size with `weight_hr` (PyTorch's `proj_size`; default 0, none). */
  projSize?: number;
  /** Diagonal peepholes (ONNX convention: the output gate sees the new cell state). */
  peephole?: boolean;
  /** Coupled input-forget gate: i = 1 − f (no input-gate rows; G = 3). */
  coupled?: boolean;
  /**
   * Set the effective forget-gate bias: `bias_ih`'s f block to this value and `bias_hh`'s to 0
   * (PyTorch's two biases add up). 1 is a common choice for long sequences.
   */
  forgetBias?: number;
}

/** `bias` with entries `[start, end)` set to `value`. */
function withBlock(bias: Tensor, start: number, end: number, value: number): Tensor {
  return noGrad(() =>
    concat([
      slice(bias, [[0, start]]),
      full([end - start], value, { dtype: bias.dtype }),
      slice(bias, [[end, null]]),
    ]),
  );
}

/** `[hN, cN]`, each `[numLayers·D, N, ·]`. @category Layers */
export type LSTMState = readonly [h: Tensor, c: Tensor];

/**
 * A multi-layer LSTM over whole sequences (PyTorch's `nn.LSTM`). Each layer and direction
 * runs as one fused operation with an exact backward.
 *
 * ```math
 * i = σ(W_i x + b_ii + R_i h + b_hi),  f = σ(W_f x + b_if + R_f h + b_hf)
 * g = tanh(W_g x + b_ig + R_g h + b_hg),  o = σ(W_o x + b_io + R_o h + b_ho)
 * c' = f ⊙ c + i ⊙ g,  h' = o ⊙ tanh(c')   (with projection: h' = W_hr (o ⊙ tanh(c')))
 * ```
 *
 * **Options**: `inputSize`, `hiddenSize`, `numLayers`, `bias`, `batchFirst`, `dropout`,
 * `bidirectional`, `projSize`, `peephole`, `coupled`, `forgetBias`.
 * **Inputs**: `input` `[L, N, H_in]` (`[N, L, H_in]` if batchFirst, `[L, H_in]` unbatched);
 * `state` `[h0, c0]` with `h0` `[numLayers·D, N, H_out]` and `c0` `[numLayers·D, N, H]`,
 * zeros if omitted; `options.lengths` for padded batches.
 * **Outputs**: `[output, [hN, cN]]`: `output` `[L, N, D·H_out]` (batch-first if asked), the
 * last layer's h at every step, forward and reverse concatenated; `hN`, `cN` like h0, c0.
 * **Shape**: H_out = projSize if set, else hiddenSize; D = 2 if bidirectional.
 * **Parameters**: per layer k (suffix `_reverse` for the reverse direction): `weight_ih_l{k}`
 * `[G·H, H_in or D·H_out]`, `weight_hh_l{k}` `[G·H, H_out]`, `bias_ih_l{k}`, `bias_hh_l{k}`
 * `[G·H]`, `weight_hr_l{k}` `[H_out, H]`, `peephole_{i,f,o}_l{k}` `[H]`; G = 4 (3 when coupled);
 * all `U(−1/√H, 1/√H)`.
 * **Conventions**: gate rows i, f, g, o; two biases; `batchFirst` never changes the states;
 * with `lengths`, padded outputs are 0 and each sequence's final state is taken at its own
 * last step (PyTorch's packed sequences).
 * @example
 * ```ts
 * const lstm = new LSTM({ inputSize: 8, hiddenSize: 16, numLayers: 2, batchFirst: true });
 * const [output, [hN, cN]] = lstm.forward(randn([4, 10, 8])); // output [4, 10, 16]
 * ```
 * @see torch.nn.LSTM
 * @category Layers
 */
export class LSTM extends RecurrentLayer {
  /** Projection size of h (0: none). */
  readonly projSize: number;
  /** Whether the gates peek at the cell state. */
  readonly peephole: boolean;
  /** Whether the input gate is coupled to the forget gate (i = 1 − f). */
  readonly coupled: boolean;

  constructor(options: LSTMOptions) {
    const projSize = options.projSize ?? 0;
    if (
      !Number.isInteger(projSize) ||
      projSize < 0 ||
      (projSize > 0 && projSize >= options.hiddenSize)
    ) {
      throw new ArgumentError(
        `LSTM: projSize must be an integer in [0, hiddenSize) = [0, ${options.hiddenSize}), got ${String(options.projSize)}.`,
        { argument: 'projSize' },
      );
    }
    const peephole = options.peephole ?? false;
    const coupled = options.coupled ?? false;
    super('LSTM', options, {
      kernel: lstmKernel({ peephole, coupled }),
      gateNames: cellSpecs.lstm.gateNames({ inputSize: 1, hiddenSize: 1, coupled }),
      outputSize: projSize > 0 ? projSize : options.hiddenSize,
      projection: projSize > 0,
      peepholes: peephole ? (coupled ? ['F', 'O'] : ['I', 'F', 'O']) : [],
    });
    this.projSize = projSize;
    this.peephole = peephole;
    this.coupled = coupled;
    if (options.forgetBias !== undefined) this.#setForgetBias(options.forgetBias);
  }

  #setForgetBias(value: number): void {
    const H = this.hiddenSize;
    const block = this.coupled ? 0 : 1;
    for (const directions of this.layers) {
      for (const p of directions) {
        if (p.biasIh === null || p.biasHh === null) {
          throw new ArgumentError('LSTM: forgetBias needs bias: true.', { argument: 'forgetBias' });
        }
        p.biasIh.assign(withBlock(p.biasIh, block * H, (block + 1) * H, value));
        p.biasHh.assign(withBlock(p.biasHh, block * H, (block + 1) * H, 0));
      }
    }
  }

  /**
   * Runs the layers over a whole sequence. See the class documentation for shapes.
   * @throws {ShapeError} if the input or a state has the wrong shape (the message shows both
   * shapes and `[numLayers·D, N, H_out]`)
   */
  forward(
    input: Tensor,
    state?: LSTMState,
    options?: RecurrentForwardOptions & { trace?: false },
  ): readonly [output: Tensor, state: LSTMState];
  /** With `trace: true`, also returns every layer's gates and states. */
  forward(
    input: Tensor,
    state: LSTMState | undefined,
    options: RecurrentForwardOptions & { trace: true },
  ): readonly [output: Tensor, state: LSTMState, trace: RecurrentTrace];
  forward(
    input: Tensor,
    state?: LSTMState,
    options: RecurrentForwardOptions = {},
  ): readonly [Tensor, LSTMState] | readonly [Tensor, LSTMState, RecurrentTrace] {
    const { output, finals, trace } = this.run('LSTM.forward', input, state ?? [], options);
    const result: LSTMState = [finals[0]!, finals[1]!];
    return trace === undefined ? [output, result] : [output, result, trace];
  }

  protected override extraRepr(): string {
    const parts = [super.extraRepr()];
    if (this.projSize > 0) parts.push(`projSize=${this.projSize}`);
    if (this.peephole) parts.push('peephole=true');
    if (this.coupled) parts.push('coupled=true');
    return parts.join(', ');
  }
}
