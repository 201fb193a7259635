// The GRU layer: PyTorch's nn.GRU (reset after the recurrent product), or the original GRU
// with the reset before it.
import { cellSpecs, gruKernel } from '@unroll/cells';
import { HiddenStateLayer, type RecurrentOptions } from './recurrent';

/** Options of {@link GRU}. @category Layers */
export interface GRUOptions extends RecurrentOptions {
  /** Apply the reset gate after the recurrent product (PyTorch, default) or before it (`false`). */
  resetAfter?: boolean;
}

/**
 * A multi-layer GRU over whole sequences (PyTorch's `nn.GRU`). Each layer and direction runs
 * as one fused operation with an exact backward.
 *
 * ```math
 * r = σ(W_r x + b_ir + R_r h + b_hr),  z = σ(W_z x + b_iz + R_z h + b_hz)
 * n = tanh(W_n x + b_in + r ⊙ (R_n h + b_hn))      (resetAfter: false: R_n (r ⊙ h) + b_hn)
 * h' = (1 − z) ⊙ n + z ⊙ h
 * ```
 *
 * **Options**: `inputSize`, `hiddenSize`, `numLayers`, `bias`, `batchFirst`, `dropout`,
 * `bidirectional`, `resetAfter`. **Inputs**: `input` `[L, N, H_in]` (`[N, L, H_in]` if
 * batchFirst, `[L, H_in]` unbatched); `h0` `[numLayers·D, N, H]`, zeros if omitted;
 * `options.lengths` for padded batches. **Outputs**: `[output, hN]`: `output` `[L, N, D·H]`,
 * `hN` like h0. **Parameters**: `weight_ih_l{k}` `[3H, H_in or D·H]`, `weight_hh_l{k}`
 * `[3H, H]`, `bias_ih_l{k}`, `bias_hh_l{k}` `[3H]` (suffix `_reverse` for the reverse
 * direction); rows r, z, n; all `U(−1/√H, 1/√H)`.
 * **Conventions**: PyTorch's gate order and two biases; `batchFirst` never changes h0/hN.
 * @example
 * ```ts
 * const gru = new GRU({ inputSize: 8, hiddenSize: 16, bidirectional: true });
 * const [output, hN] = gru.forward(randn([10, 4, 8])); // output [10, 4, 32], hN [2, 4, 16]
 * ```
 * @see torch.nn.GRU
 * @category Layers
 */
export class GRU extends HiddenStateLayer {
  /** Whether the reset gate is applied after the recurrent product (PyTorch) or before it. */
  readonly resetAfter: boolean;

  constructor(options: GRUOptions) {
    const resetAfter = options.resetAfter ?? true;
    super('GRU', options, {
      kernel: gruKernel(resetAfter),
      gateNames: cellSpecs.gru.gateNames({ inputSize: 1, hiddenSize: 1 }),
      outputSize: options.hiddenSize,
      projection: false,
      peepholes: [],
    });
    this.resetAfter = resetAfter;
  }

  protected override extraRepr(): string {
    return this.resetAfter ? super.extraRepr() : `${super.extraRepr()}, resetAfter=false`;
  }
}
