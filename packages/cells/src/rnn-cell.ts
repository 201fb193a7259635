// The Elman RNN cell with a tanh or ReLU nonlinearity: the fused step with its exact
// backward, and the RNNCell module for single steps.
import { Parameter } from '@unroll/autograd';
import { ArgumentError, type DType, type Generator, type Tensor } from '@unroll/tensor';
import type { BackwardStep, CellKernel, ForwardStep } from './cell-spec';
import { addRowBias } from './internal/activations';
import { gemmNN, gemmNT } from './internal/gemm';
import { stepCell } from './internal/step-cell';
import { defaultRecurrentInit } from './init';
import { Module, checkSize } from './module';

/** The nonlinearity of an Elman RNN. @category Cells */
export type Nonlinearity = 'tanh' | 'relu';

const kernels = new Map<Nonlinearity, CellKernel>();

/**
 * The fused RNN step. Saved per row: h' itself, from which both derivatives follow
 * (1 − h'² for tanh, [h' > 0] for ReLU).
 * @category Cells
 */
export function rnnKernel(nonlinearity: Nonlinearity = 'tanh'): CellKernel {
  const existing = kernels.get(nonlinearity);
  if (existing !== undefined) return existing;
  const tanh = nonlinearity === 'tanh';
  const kernel: CellKernel = {
    name: tanh ? 'RNNTanh' : 'RNNRelu',
    cell: { kind: 'rnn', relu: !tanh },
    gates: 1,
    hasCellState: false,
    selfAccumulatedBlocks: [],
    savedWidth: (H) => H,
    forward(step: ForwardStep): void {
      const { N, H, weights, scratch: pre, saved } = step;
      pre.set(step.xProjection);
      gemmNT(N, H, H, step.hPrevious, 0, weights.weightHh, 0, pre, 0, true);
      addRowBias(pre, N, H, weights.biasHh);
      for (let k = 0; k < N * H; k++) {
        const value = pre[k]!;
        // relu keeps a NaN (as PyTorch does): only values below 0 become 0.
        const h = tanh ? Math.tanh(value) : value < 0 ? 0 : value;
        step.h[k] = h;
        saved[k] = h;
      }
    },
    backward(step: BackwardStep): void {
      const { N, H, weights, saved, dh, scratch: dPre } = step;
      for (let k = 0; k < N * H; k++) {
        const h = saved[k]!;
        dPre[k] = dh[k]! * (tanh ? 1 - h * h : h > 0 ? 1 : 0);
      }
      step.dXProjection.set(dPre.subarray(0, N * H));
      step.dHProjection.set(dPre.subarray(0, N * H));
      gemmNN(N, H, H, dPre, 0, weights.weightHh, 0, dh, 0, false);
    },
  };
  kernels.set(nonlinearity, kernel);
  return kernel;
}

/** Options of {@link RNNCell}. @category Cells */
export interface RNNCellOptions {
  /** Features per input step, H_in. */
  inputSize: number;
  /** Hidden size, H. */
  hiddenSize: number;
  /** Add the biases b_ih and b_hh (default true). */
  bias?: boolean;
  /** `'tanh'` (default) or `'relu'`. */
  nonlinearity?: Nonlinearity;
  /** Element type of the parameters (default float32). */
  dtype?: DType;
  /** Source of the initial weights (default: the global generator). */
  generator?: Generator;
}

/** Checks a nonlinearity option. @internal */
export function checkNonlinearity(api: string, value: unknown): Nonlinearity {
  if (value === undefined) return 'tanh';
  if (value !== 'tanh' && value !== 'relu') {
    throw new ArgumentError(
      `${api}: nonlinearity must be 'tanh' or 'relu', got ${JSON.stringify(value)}.`,
      { argument: 'nonlinearity' },
    );
  }
  return value;
}

/**
 * One Elman RNN step (PyTorch's `RNNCell`).
 *
 * ```math
 * h' = tanh(W x + b_i + R h + b_h)      (nonlinearity 'tanh')
 * h' = max(0, W x + b_i + R h + b_h)    (nonlinearity 'relu')
 * ```
 *
 * **Options**: `inputSize`, `hiddenSize`, `bias` (default true), `nonlinearity` (default
 * `'tanh'`). **Inputs**: `x` `[N, H_in]` or `[H_in]`; `h` `[N, H]` or `[H]`, zeros if
 * omitted. **Output**: `h'`, shaped like `h`. **Parameters**: `weightIh` `[H, H_in]`,
 * `weightHh` `[H, H]`, `biasIh`, `biasHh` `[H]`, all `U(−1/√H, 1/√H)`.
 * **Conventions**: two biases, as PyTorch (they add up).
 * @example
 * ```ts
 * const cell = new RNNCell({ inputSize: 3, hiddenSize: 5, nonlinearity: 'relu' });
 * let h = undefined;
 * for (const x of steps) h = cell.forward(x, h);
 * ```
 * @see torch.nn.RNNCell
 * @category Cells
 */
export class RNNCell extends Module {
  /** Features per input step, H_in. */
  readonly inputSize: number;
  /** Hidden size H. */
  readonly hiddenSize: number;
  /** The nonlinearity, `'tanh'` or `'relu'`. */
  readonly nonlinearity: Nonlinearity;
  /** `[H, H_in]` input-to-hidden weights (`weight_ih`). */
  weightIh: Parameter;
  /** `[H, H]` hidden-to-hidden weights (`weight_hh`). */
  weightHh: Parameter;
  /** `[H]` input bias (`bias_ih`), or null without bias. */
  biasIh: Parameter | null;
  /** `[H]` hidden bias (`bias_hh`), or null without bias. */
  biasHh: Parameter | null;

  constructor(options: RNNCellOptions) {
    super();
    this.inputSize = checkSize('RNNCell', 'inputSize', options.inputSize);
    this.hiddenSize = checkSize('RNNCell', 'hiddenSize', options.hiddenSize);
    this.nonlinearity = checkNonlinearity('RNNCell', options.nonlinearity);
    const H = this.hiddenSize;
    const init = (shape: number[]): Parameter =>
      new Parameter(
        defaultRecurrentInit(shape, H, { dtype: options.dtype, generator: options.generator }),
      );
    this.weightIh = init([H, this.inputSize]);
    this.weightHh = init([H, H]);
    const bias = options.bias ?? true;
    this.biasIh = bias ? init([H]) : null;
    this.biasHh = bias ? init([H]) : null;
  }

  /** One step. @throws {ShapeError} if `x` or `h` has the wrong shape */
  forward(x: Tensor, h?: Tensor): Tensor {
    const [next] = stepCell({
      api: 'RNNCell.forward',
      kernel: rnnKernel(this.nonlinearity),
      inputSize: this.inputSize,
      stateSizes: [this.hiddenSize],
      x,
      state: h,
      weights: [this.weightIh, this.weightHh, this.biasIh, this.biasHh],
    });
    return next as Tensor;
  }

  protected override extraRepr(): string {
    const flags = [
      this.biasIh === null ? 'bias=false' : '',
      this.nonlinearity === 'relu' ? "nonlinearity='relu'" : '',
    ];
    return [`${this.inputSize}, ${this.hiddenSize}`, ...flags.filter(Boolean)].join(', ');
  }
}
