// The GRU cell, reset-after (PyTorch's, the default) or reset-before (the original GRU, ONNX
// linear_before_reset = 0, Keras reset_after = False), as an option of one cell. Holds the
// fused step with its exact backward, and the GRUCell module for single steps.
import { Parameter } from '@unroll/autograd';
import type { DType, Generator, Tensor } from '@unroll/tensor';
import type { BackwardStep, CellKernel, ForwardStep } from './cell-spec';
import { addRowBias, sigmoid } from './internal/activations';
import { gemmNN, gemmNT, gemmTN } from './internal/gemm';
import { stepCell } from './internal/step-cell';
import { defaultRecurrentInit } from './init';
import { Module, checkSize } from './module';

const kernels = new Map<boolean, CellKernel>();

/**
 * The fused GRU step. Saved per row: r, z, n, and a fourth block: `R_n h + b_hn` when the
 * reset comes after the product, `r ⊙ h` when it comes before. Symbols follow {@link GRUCell}.
 * @category Cells
 */
export function gruKernel(resetAfter = true): CellKernel {
  const existing = kernels.get(resetAfter);
  if (existing !== undefined) return existing;
  const kernel: CellKernel = {
    name: resetAfter ? 'GRU' : 'GRUResetBefore',
    cell: { kind: 'gru', resetAfter },
    gates: 3,
    hasCellState: false,
    // Reset-before: the n block of W_hh multiplies r ⊙ h, so its gradient is accumulated per step.
    selfAccumulatedBlocks: resetAfter ? [] : [2],
    savedWidth: (H) => 4 * H,
    forward(step: ForwardStep): void {
      const { N, H, weights, scratch: hp, saved, hPrevious: h } = step;
      const x = step.xProjection;
      if (resetAfter) {
        gemmNT(N, 3 * H, H, h, 0, weights.weightHh, 0, hp, 0, false);
        addRowBias(hp, N, 3 * H, weights.biasHh);
      } else {
        // r and z blocks first; the n block needs r ⊙ h.
        for (let b = 0; b < N; b++)
          gemmNT(1, 2 * H, H, h, b * H, weights.weightHh, 0, hp, b * 3 * H, false);
      }
      const rh = new Float64Array(N * H);
      for (let b = 0; b < N; b++) {
        for (let j = 0; j < H; j++) {
          const bR = weights.biasHh?.[j] ?? 0;
          const bZ = weights.biasHh?.[H + j] ?? 0;
          const r = sigmoid(x[b * 3 * H + j]! + hp[b * 3 * H + j]! + (resetAfter ? 0 : bR));
          const z = sigmoid(x[b * 3 * H + H + j]! + hp[b * 3 * H + H + j]! + (resetAfter ? 0 : bZ));
          saved[b * 4 * H + j] = r;
          saved[b * 4 * H + H + j] = z;
          rh[b * H + j] = r * h[b * H + j]!;
        }
      }
      // Reset-before: the n block's recurrent pre-activation is R_n (r ⊙ h) + b_hn.
      const nRecurrent = new Float64Array(resetAfter ? 0 : N * H);
      if (!resetAfter) {
        gemmNT(N, H, H, rh, 0, weights.weightHh, 2 * H * H, nRecurrent, 0, false);
        addRowBias(nRecurrent, N, H, weights.biasHh?.subarray(2 * H) ?? null);
      }
      for (let b = 0; b < N; b++) {
        for (let j = 0; j < H; j++) {
          const r = saved[b * 4 * H + j]!;
          const z = saved[b * 4 * H + H + j]!;
          const hpn = resetAfter ? hp[b * 3 * H + 2 * H + j]! : nRecurrent[b * H + j]!;
          const n = Math.tanh(x[b * 3 * H + 2 * H + j]! + (resetAfter ? r * hpn : hpn));
          saved[b * 4 * H + 2 * H + j] = n;
          saved[b * 4 * H + 3 * H + j] = resetAfter ? hpn : rh[b * H + j]!;
          step.h[b * H + j] = (1 - z) * n + z * h[b * H + j]!;
        }
      }
    },
    backward(step: BackwardStep): void {
      const { N, H, weights, gradients, saved, dh, hPrevious: h } = step;
      const dX = step.dXProjection;
      const dHp = step.dHProjection;
      const dhPrevious = new Float64Array(N * H);
      const dPreN = new Float64Array(N * H);
      for (let b = 0; b < N; b++) {
        for (let j = 0; j < H; j++) {
          const at = b * 4 * H + j;
          const [r, z, n, fourth] = [
            saved[at]!,
            saved[at + H]!,
            saved[at + 2 * H]!,
            saved[at + 3 * H]!,
          ];
          const d = dh[b * H + j]!;
          const dn = d * (1 - z);
          const dz = d * (h[b * H + j]! - n);
          dhPrevious[b * H + j] = d * z;
          const dpn = dn * (1 - n * n);
          dPreN[b * H + j] = dpn;
          const row = b * 3 * H;
          dX[row + H + j] = dz * z * (1 - z);
          dHp[row + H + j] = dX[row + H + j]!;
          dX[row + 2 * H + j] = dpn;
          if (resetAfter) {
            dHp[row + 2 * H + j] = dpn * r;
            dX[row + j] = dpn * fourth * r * (1 - r);
            dHp[row + j] = dX[row + j]!;
          } else {
            dHp[row + 2 * H + j] = dpn;
          }
        }
      }
      if (!resetAfter) {
        // n = tanh(W_n x + b_in + R_n (r ⊙ h) + b_hn): d(r ⊙ h) = dpn R_n, dR_n += dpnᵀ (r ⊙ h).
        const dRh = new Float64Array(N * H);
        gemmNN(N, H, H, dPreN, 0, weights.weightHh, 2 * H * H, dRh, 0, false);
        const rh = new Float64Array(N * H);
        for (let b = 0; b < N; b++)
          rh.set(saved.subarray(b * 4 * H + 3 * H, b * 4 * H + 4 * H), b * H);
        gemmTN(H, H, N, dPreN, 0, H, rh, 0, H, gradients.weightHh, 2 * H * H);
        for (let b = 0; b < N; b++) {
          for (let j = 0; j < H; j++) {
            const r = saved[b * 4 * H + j]!;
            const dr = dRh[b * H + j]! * h[b * H + j]!;
            dhPrevious[b * H + j] = dhPrevious[b * H + j]! + dRh[b * H + j]! * r;
            dX[b * 3 * H + j] = dr * r * (1 - r);
            dHp[b * 3 * H + j] = dX[b * 3 * H + j]!;
          }
        }
      }
      // dh_prev += Σ_k dHp_k R_k over the blocks whose recurrent input is h.
      const blocks = resetAfter ? 3 : 2;
      for (let b = 0; b < N; b++)
        gemmNN(1, H, blocks * H, dHp, b * 3 * H, weights.weightHh, 0, dhPrevious, b * H, true);
      dh.set(dhPrevious);
    },
  };
  kernels.set(resetAfter, kernel);
  return kernel;
}

/** Options of {@link GRUCell}. @category Cells */
export interface GRUCellOptions {
  /** Features per input step, H_in. */
  inputSize: number;
  /** Hidden size, H. */
  hiddenSize: number;
  /** Add the biases b_ih and b_hh (default true). */
  bias?: boolean;
  /** Apply the reset gate after the recurrent product (PyTorch, default true) or before it. */
  resetAfter?: boolean;
  /** Element type of the parameters (default float32). */
  dtype?: DType;
  /** Source of the initial weights (default: the global generator). */
  generator?: Generator;
}

/**
 * One GRU step (PyTorch's `GRUCell`; `resetAfter: false` gives the original GRU).
 *
 * ```math
 * r  = σ(W_r x + b_ir + R_r h + b_hr)
 * z  = σ(W_z x + b_iz + R_z h + b_hz)
 * n  = tanh(W_n x + b_in + r ⊙ (R_n h + b_hn))        (resetAfter: true)
 * n  = tanh(W_n x + b_in + R_n (r ⊙ h) + b_hn)        (resetAfter: false)
 * h' = (1 − z) ⊙ n + z ⊙ h
 * ```
 *
 * **Options**: `inputSize`, `hiddenSize`, `bias` (default true), `resetAfter` (default true).
 * **Inputs**: `x` `[N, H_in]` or `[H_in]`; `h` `[N, H]` or `[H]`, zeros if omitted.
 * **Output**: `h'`, shaped like `h`.
 * **Parameters**: `weightIh` `[3H, H_in]`, `weightHh` `[3H, H]`, `biasIh`, `biasHh` `[3H]`,
 * gate rows in the order r, z, n; all start as `U(−1/√H, 1/√H)`.
 * **Conventions**: PyTorch's gate order and two biases. Keras's reset-before GRU has one bias
 * per gate; it equals `b_in + b_hn` here.
 * @example
 * ```ts
 * const cell = new GRUCell({ inputSize: 3, hiddenSize: 5 });
 * let h = undefined;
 * for (const x of steps) h = cell.forward(x, h);
 * ```
 * @see torch.nn.GRUCell
 * @category Cells
 */
export class GRUCell extends Module {
  /** Features per input step, H_in. */
  readonly inputSize: number;
  /** Hidden size H. */
  readonly hiddenSize: number;
  /** Whether the reset gate is applied after the recurrent product (PyTorch) or before it. */
  readonly resetAfter: boolean;
  /** `[G·H, H_in]` input-to-hidden weights (`weight_ih`). */
  weightIh: Parameter;
  /** `[G·H, H]` hidden-to-hidden weights (`weight_hh`). */
  weightHh: Parameter;
  /** `[G·H]` input bias (`bias_ih`), or null without bias. */
  biasIh: Parameter | null;
  /** `[G·H]` hidden bias (`bias_hh`), or null without bias. */
  biasHh: Parameter | null;

  constructor(options: GRUCellOptions) {
    super();
    this.inputSize = checkSize('GRUCell', 'inputSize', options.inputSize);
    this.hiddenSize = checkSize('GRUCell', 'hiddenSize', options.hiddenSize);
    this.resetAfter = options.resetAfter ?? true;
    const H = this.hiddenSize;
    const init = (shape: number[]): Parameter =>
      new Parameter(
        defaultRecurrentInit(shape, H, { dtype: options.dtype, generator: options.generator }),
      );
    this.weightIh = init([3 * H, this.inputSize]);
    this.weightHh = init([3 * H, H]);
    const bias = options.bias ?? true;
    this.biasIh = bias ? init([3 * H]) : null;
    this.biasHh = bias ? init([3 * H]) : null;
  }

  /** One step. @throws {ShapeError} if `x` or `h` has the wrong shape */
  forward(x: Tensor, h?: Tensor): Tensor {
    const [next] = stepCell({
      api: 'GRUCell.forward',
      kernel: gruKernel(this.resetAfter),
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
      this.resetAfter ? '' : 'resetAfter=false',
    ];
    return [`${this.inputSize}, ${this.hiddenSize}`, ...flags.filter(Boolean)].join(', ');
  }
}
