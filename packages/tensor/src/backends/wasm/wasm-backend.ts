// The WebAssembly backend: float32 matrix products and fused recurrent sequences run as
// WebAssembly SIMD kernels (assembly/), with weights packed and resident in wasm memory, and
// so do the fused softmax cross-entropy and Adam step, and elementwise ops and reductions on
// float32 tensors large enough to pay for the copies.
// Tensor data itself lives in JS typed arrays, as on cpu, so every other kernel (and every
// float64 and int32 computation) runs the reference implementation on the same data and
// tensors move between the two backends without a copy.
import { dtypes, type DType, type TypedArray } from '../../dtype';
import type { AttrsOf, KernelName } from '../../kernels';
import type { TensorMeta } from '../../kernels/kernel-spec';
import type { Backend, DataHandle, TensorInfo } from '../backend';
import { sizeOf } from '../../shape';
import { CpuBackend } from '../cpu/cpu-backend';
import { wasmKernels } from './kernels';
import { parallelCalls, threadsFromEnvironment } from './products';
import { wasmElementwise } from './elementwise';
import { wasmSoftmaxCrossEntropy } from './loss';
import { wasmMatMul } from './mat-mul';
import { wasmAdamUpdate } from './optimizer';
import { WasmRecurrent } from './recurrent';

/** What {@link WasmBackend.memory} reports, in bytes. @category Backends */
export interface WasmMemoryUsage {
  /** Blocks handed out and not freed: packed weights kept for reuse, saved activations. */
  readonly inUse: number;
  /** The wasm linear memory reserved (it grows, never shrinks; freed blocks are reused). */
  readonly reserved: number;
  /** Copied from tensors into wasm memory since start-up. */
  readonly copiedIn: number;
  /** Copied from wasm memory into tensors since start-up. */
  readonly copiedOut: number;
}

/** What {@link WasmBackend.parallelCalls} reports. @category Backends */
export interface ParallelCalls {
  /** Matrix products split over the threads by output columns. */
  readonly products: number;
  /** Fused sequences run on every thread in lockstep. */
  readonly sequences: number;
}

/**
 * The WebAssembly SIMD backend. Select it with `setBackend('wasm')` (in a browser's main
 * thread, `await loadWasm()` first).
 * @category Backends
 */
/** Elements of a parameter from which the Adam step runs in wasm (W1's 560k: 8.4 → 2–3.4 ms). */
const ADAM_IN_WASM = 2 ** 12;

export class WasmBackend implements Backend {
  readonly name = 'wasm';
  readonly dtypes: readonly DType[] = dtypes;
  readonly recurrent = new WasmRecurrent();
  readonly #reference = new CpuBackend();

  constructor() {
    threadsFromEnvironment(wasmKernels());
  }

  write(values: TypedArray): DataHandle {
    return values;
  }

  read(info: TensorInfo): TypedArray {
    return info.data as TypedArray;
  }

  supports(kernel: KernelName, dtype: DType): boolean {
    return this.#reference.supports(kernel, dtype);
  }

  run<K extends KernelName>(
    kernel: K,
    inputs: readonly TensorInfo[],
    attrs: AttrsOf<K>,
    outputs: readonly TensorMeta[],
  ): DataHandle[] {
    const [a, b] = inputs;
    const [meta] = outputs;
    if (kernel === 'MatMul' && a?.dtype === 'float32' && b !== undefined && meta !== undefined) {
      const { transposeA, transposeB } = attrs as AttrsOf<'MatMul'>;
      return [wasmMatMul(a, b, transposeA, transposeB, meta)];
    }
    if (
      (kernel === 'SoftmaxCrossEntropy' || kernel === 'SoftmaxCrossEntropyGrad') &&
      a?.dtype === 'float32' &&
      b !== undefined
    ) {
      const dLoss = kernel === 'SoftmaxCrossEntropyGrad' ? (inputs[2] ?? null) : null;
      return [wasmSoftmaxCrossEntropy(a, b, dLoss, attrs as AttrsOf<'SoftmaxCrossEntropy'>)];
    }
    // Small parameters stay on the reference loop: below this the copies cost what SIMD saves.
    if (kernel === 'AdamUpdate' && a?.dtype === 'float32' && sizeOf(a.shape) >= ADAM_IN_WASM)
      return wasmAdamUpdate(inputs, attrs as AttrsOf<'AdamUpdate'>);
    if (meta !== undefined && a?.dtype === 'float32') {
      const axes =
        kernel === 'Sum' || kernel === 'Max' || kernel === 'Min'
          ? (attrs as AttrsOf<'Sum'>).axes
          : null;
      const result = wasmElementwise(kernel, inputs, axes, meta);
      if (result !== null) return [result];
    }
    return this.#reference.run(kernel, inputs, attrs, outputs);
  }

  /**
   * How many products and fused sequences were split over threads so far (see `setThreads`):
   * a diagnostic for tests and benchmarks.
   */
  parallelCalls(): ParallelCalls {
    return { ...parallelCalls };
  }

  /** Which build runs: `'relaxed'` (relaxed SIMD, fused multiply-add) or `'simd128'`. */
  get simd(): 'relaxed' | 'simd128' {
    return wasmKernels().relaxed ? 'relaxed' : 'simd128';
  }

  /**
   * Bytes of wasm memory in use (packed weights, saved activations) and reserved, and the bytes
   * copied between tensors and wasm memory since start-up (operands in, results out).
   */
  memory(): WasmMemoryUsage {
    const { heap } = wasmKernels();
    return {
      inUse: heap.bytesInUse,
      reserved: heap.bytesReserved,
      copiedIn: heap.copied.in,
      copiedOut: heap.copied.out,
    };
  }
}
