// The Elman RNN layer with tanh or ReLU: PyTorch's nn.RNN.
import { rnnKernel, type Nonlinearity } from '@unroll/cells';
import { ArgumentError } from '@unroll/tensor';
import { HiddenStateLayer, type RecurrentOptions } from './recurrent';

/** Options of {@link RNN}. @category Layers */
export interface RNNOptions extends RecurrentOptions {
  /** `'tanh'` (default) or `'relu'`. */
  nonlinearity?: Nonlinearity;
}

/**
 * A multi-layer Elman RNN over whole sequences (PyTorch's `nn.RNN`).
 *
 * ```math
 * h' = tanh(W x + b_i + R h + b_h)     (or max(0, ·) with nonlinearity 'relu')
 * ```
 *
 * **Options**: `inputSize`, `hiddenSize`, `numLayers`, `bias`, `batchFirst`, `dropout`,
 * `bidirectional`, `nonlinearity`. **Inputs**: `input` `[L, N, H_in]` (`[N, L, H_in]` if
 * batchFirst, `[L, H_in]` unbatched); `h0` `[numLayers·D, N, H]`, zeros if omitted;
 * `options.lengths`. **Outputs**: `[output [L, N, D·H], hN [numLayers·D, N, H]]`.
 * **Parameters**: `weight_ih_l{k}` `[H, H_in or D·H]`, `weight_hh_l{k}` `[H, H]`,
 * `bias_ih_l{k}`, `bias_hh_l{k}` `[H]`, all `U(−1/√H, 1/√H)`.
 * @example
 * ```ts
 * const rnn = new RNN({ inputSize: 2, hiddenSize: 8, nonlinearity: 'relu' });
 * const [output, hN] = rnn.forward(randn([5, 3, 2]));
 * ```
 * @see torch.nn.RNN
 * @category Layers
 */
export class RNN extends HiddenStateLayer {
  /** The nonlinearity, `'tanh'` or `'relu'`. */
  readonly nonlinearity: Nonlinearity;

  constructor(options: RNNOptions) {
    const nonlinearity = options.nonlinearity ?? 'tanh';
    if (nonlinearity !== 'tanh' && nonlinearity !== 'relu') {
      throw new ArgumentError(
        `RNN: nonlinearity must be 'tanh' or 'relu', got ${JSON.stringify(nonlinearity)}.`,
        { argument: 'nonlinearity' },
      );
    }
    super('RNN', options, {
      kernel: rnnKernel(nonlinearity),
      gateNames: [],
      outputSize: options.hiddenSize,
      projection: false,
      peepholes: [],
    });
    this.nonlinearity = nonlinearity;
  }

  protected override extraRepr(): string {
    return this.nonlinearity === 'relu'
      ? `${super.extraRepr()}, nonlinearity='relu'`
      : super.extraRepr();
  }
}
