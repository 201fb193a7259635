// The fused sequence on a backend that offers it (`Backend.recurrent`, the wasm backend in
// float32): the Function's forward and backward hand the whole run to the backend's kernels,
// and traces are rebuilt from the activations it saved.
import {
  fromArray,
  getBackend,
  type RecurrentCell,
  type RecurrentKernels,
  type RecurrentSaved,
  type Tensor,
  type TensorInfo,
} from '@unroll/tensor';
import type { CellKernel } from '../cell-spec';
import { gradientNormRecorder } from './gradient-norms';
import {
  gateTraces,
  inputSizes,
  isActive,
  swapRows,
  type SequenceArgs,
  type SequenceOptions,
  type SequenceTrace,
} from './sequence-types';

/** What a backend's fused forward left for its backward. */
export interface FusedSaved {
  readonly fused: RecurrentKernels;
  readonly saved: RecurrentSaved;
  readonly sizes: { T: number; N: number; I: number; H: number; R: number };
  /** `[V, I]` shape of the table the tokens index, or null for step inputs. */
  readonly table: readonly number[] | null;
  readonly reverse: boolean;
  readonly hasWeight: readonly boolean[];
}

/** The backend's fused kernels when they handle this call (every tensor in one supported dtype). */
export function fusedKernels(kernel: CellKernel, args: SequenceArgs): RecurrentKernels | null {
  const fused = getBackend().recurrent;
  const dtype = args[0].dtype;
  const cell = kernel.cell;
  if (cell === undefined || fused === undefined || !fused.supports(cell, dtype)) return null;
  const tensors = args.slice(0, 11) as readonly (Tensor | null)[];
  return tensors.every((t) => t === null || t.dtype === dtype) ? fused : null;
}

export function fusedForward(
  kernel: CellKernel,
  fused: RecurrentKernels,
  args: SequenceArgs,
  save: boolean,
): { tensors: Tensor[]; saved: FusedSaved | null } {
  const [x, h0, c0, weightIh, weightHh, biasIh, biasHh, pI, pF, pO, weightHr, options] = args;
  const { T, N, I } = inputSizes(args);
  const H = (weightHh.shape[0] ?? 0) / kernel.gates;
  const R = weightHh.shape[1] ?? 0;
  const info = (t: Tensor | null): TensorInfo | null => (t === null ? null : t.info());
  const sizes = { T, N, I, H, R };
  const result = fused.forward({
    cell: kernel.cell as RecurrentCell,
    sizes,
    x: x.info(),
    tokens: options.tokens ?? null,
    h0: h0.info(),
    c0: info(c0),
    weights: {
      weightIh: weightIh.info(),
      weightHh: weightHh.info(),
      biasIh: info(biasIh),
      biasHh: info(biasHh),
      peepholeI: info(pI),
      peepholeF: info(pF),
      peepholeO: info(pO),
      weightHr: info(weightHr),
    },
    reverse: options.reverse,
    lengths: options.lengths,
    save: save || options.onTrace !== undefined,
    batchFirst: options.batchFirst === true,
  });
  if (options.onTrace !== undefined && result.saved !== null) {
    options.onTrace(
      fusedTrace(
        options,
        kernel,
        sizes,
        result.saved.activations(),
        options.batchFirst === true ? swapRows(result.output, N, T, R) : result.output,
        result.c,
        Float32Array.from(c0?.data() ?? []),
      ),
    );
    if (!save) result.saved.release();
  }
  // The backend's arrays are fresh: the outputs take them over.
  const make = (values: Float32Array, shape: readonly number[]): Tensor =>
    fromArray(values, shape).to(x.dtype);
  const tensors = [
    make(result.output, options.batchFirst === true ? [N, T, R] : [T, N, R]),
    make(result.h, [N, R]),
  ];
  if (result.c !== null) tensors.push(make(result.c, [N, H]));
  const hasWeight = [biasIh, biasHh, pI, pF, pO, weightHr].map((t) => t !== null);
  return {
    tensors,
    saved:
      save && result.saved !== null
        ? {
            fused,
            saved: result.saved,
            sizes,
            table: options.tokens === undefined ? null : x.shape,
            reverse: options.reverse,
            hasWeight,
          }
        : null,
  };
}

/** The trace of a fused run: gates from the saved activations, c from the outputs' steps. */
function fusedTrace(
  options: SequenceOptions,
  kernel: CellKernel,
  sizes: { T: number; N: number; H: number; R: number },
  activations: Float32Array,
  output: Float32Array,
  cN: Float32Array | null,
  c0: Float32Array,
): SequenceTrace {
  const width = kernel.savedWidth(sizes.H);
  const gates = gateTraces(options.gateNames, options.lengths, activations, { ...sizes, width });
  let c: Float32Array | null = null;
  if (kernel.hasCellState && cN !== null) {
    // c' is not saved by itself: c' = f ⊙ c + i ⊙ g, rebuilt from the gates step by step.
    c = cellStates(kernel, sizes, activations, options, c0);
  }
  return { gates, c, h: output };
}

function cellStates(
  kernel: CellKernel,
  sizes: { T: number; N: number; H: number },
  activations: Float32Array,
  options: SequenceOptions,
  c0: Float32Array,
): Float32Array {
  const { T, N, H } = sizes;
  const width = kernel.savedWidth(H);
  const coupled = kernel.gates === 3;
  const c = new Float32Array(T * N * H);
  const state = Float64Array.from(c0);
  for (let step = 0; step < T; step++) {
    const t = options.reverse ? T - 1 - step : step;
    for (let b = 0; b < N; b++) {
      if (!isActive(options.lengths, b, t)) continue;
      const row = (t * N + b) * width;
      for (let j = 0; j < H; j++) {
        const f = activations[row + (coupled ? 0 : H) + j]!;
        const i = coupled ? 1 - f : activations[row + j]!;
        const g = activations[row + (coupled ? H : 2 * H) + j]!;
        const next = f * state[b * H + j]! + i * g;
        state[b * H + j] = next;
        c[(t * N + b) * H + j] = next;
      }
    }
  }
  return c;
}

export function fusedBackward(
  kernel: CellKernel,
  state: FusedSaved,
  needsInputGrad: readonly boolean[],
  dOutput: Tensor,
  dhN: Tensor,
  dcN: Tensor | undefined,
): (Tensor | null)[] {
  const { T, N, I, H, R } = state.sizes;
  const G = kernel.gates;
  // The backend reads the gradients in place (float32, as the forward ran).
  const f32 = (t: Tensor): TensorInfo => (t.dtype === 'float32' ? t : t.to('float32')).info();
  const result = state.fused.backward({
    saved: state.saved,
    dOutput: f32(dOutput),
    dh: f32(dhN),
    dc: dcN === undefined || !kernel.hasCellState ? null : f32(dcN),
    inputGradient: needsInputGrad[0] === true,
    recordNorms: gradientNormRecorder() !== null,
  });
  if (result.norms !== null)
    gradientNormRecorder()?.push({
      kernel: kernel.name,
      reverse: state.reverse,
      norms: result.norms,
    });
  // The backend's arrays are fresh: the gradients take them over.
  const grad = (values: Float32Array | null, shape: readonly number[]): Tensor | null =>
    values === null ? null : fromArray(values, shape).to(dOutput.dtype);
  const [hasBiasIh, hasBiasHh] = state.hasWeight;
  return [
    grad(result.x, state.table ?? [T, N, I]),
    grad(result.h0, [N, R]),
    grad(result.c0, [N, H]),
    grad(result.weightIh, [G * H, I]),
    grad(result.weightHh, [G * H, R]),
    hasBiasIh === true ? grad(result.biasIh, [G * H]) : null,
    hasBiasHh === true ? grad(result.biasHh, [G * H]) : null,
    grad(result.peepholeI, [H]),
    grad(result.peepholeF, [H]),
    grad(result.peepholeO, [H]),
    grad(result.weightHr, [R, H]),
    null,
  ];
}
