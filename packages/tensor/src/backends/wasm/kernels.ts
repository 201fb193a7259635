// Loads the kernels: picks the relaxed-SIMD build where the engine validates it, else the
// SIMD128 one, and instantiates it over a fresh memory. Compiling synchronously works in Node
// and in workers; a browser's main thread refuses modules over 4 KB, so it awaits
// loadWasmKernels() first.
import {
  relaxedBinary,
  relaxedSharedBinary,
  simdBinary,
  simdSharedBinary,
} from './binary.generated';
import { WasmHeap } from './heap';

/** A product's sizes and its A operand: M × K at a + (m·am + k·ak)·4 (assembly/gemm.ts). */
type ProductSizesAndA = [M: number, N: number, K: number, a: number, am: number, ak: number];

/** The leading arguments of the products over a B packed by packB; C has row stride ldc. */
type PackedProductArgs = [
  ...ProductSizesAndA,
  packed: number,
  c: number,
  ldc: number,
  accumulate: boolean | number,
];

/** The exports of the AssemblyScript module (assembly/index.ts). Pointers are byte offsets. */
export interface KernelExports {
  packB(K: number, N: number, b: number, bk: number, bn: number, dst: number): void;
  packBPanels(
    K: number,
    N: number,
    b: number,
    bk: number,
    bn: number,
    dst: number,
    p0: number,
    p1: number,
  ): void;
  gemmPackedPanels(...args: [...PackedProductArgs, scratch: number, p0: number, p1: number]): void;
  packedSize(K: number, N: number): number;
  gemmScratchSize(K: number, N: number): number;
  gemm(
    ...args: [
      ...ProductSizesAndA,
      b: number,
      bk: number,
      bn: number,
      c: number,
      ldc: number,
      accumulate: boolean | number,
      scratch: number,
    ]
  ): void;
  gemmPacked(...args: [...PackedProductArgs, scratch: number]): void;
  gemmSmallK(...args: PackedProductArgs): void;
  gemmTSmallN(
    M: number,
    N: number,
    K: number,
    a: number,
    lda: number,
    b: number,
    ldb: number,
    c: number,
    ldc: number,
    accumulate: boolean | number,
    scratch: number,
  ): void;
  addRowBias(matrix: number, rows: number, cols: number, bias: number): void;
  gatherRows(src: number, ids: number, rows: number, width: number, dst: number): void;
  scatterAddRows(src: number, ids: number, rows: number, width: number, dst: number): void;
  adamUpdate(
    n: number,
    theta: number,
    g: number,
    m: number,
    v: number,
    vMax: number,
    thetaOut: number,
    mOut: number,
    vOut: number,
    vMaxOut: number,
    beta1: number,
    beta2: number,
    eps: number,
    l2: number,
    decay: number,
    stepSize: number,
    bc2: number,
    amsgrad: boolean | number,
  ): void;
  softmaxCrossEntropy(
    M: number,
    C: number,
    x: number,
    target: number,
    ignoreIndex: number,
    eps: number,
    loss: number,
  ): void;
  softmaxCrossEntropyGrad(
    M: number,
    C: number,
    x: number,
    target: number,
    dLoss: number,
    ignoreIndex: number,
    eps: number,
    dx: number,
  ): void;
  columnSums(
    matrix: number,
    rows: number,
    cols: number,
    stride: number,
    out: number,
    accumulate: boolean | number,
  ): void;
  /** The elementwise kernels (assembly/elementwise.ts); op and kind codes as there. */
  unaryF32(op: number, x: number, out: number, n: number): void;
  /** See unaryF32. */
  binaryF32(
    op: number,
    M: number,
    N: number,
    a: number,
    aKind: number,
    b: number,
    bKind: number,
    out: number,
  ): void;
  /** See unaryF32. */
  reduceF32(
    op: number,
    x: number,
    outer: number,
    R: number,
    inner: number,
    out: number,
    scratch: number,
  ): void;
  /**
   * The fused sequences. Arguments as in assembly/lstm.ts, gru.ts and rnn.ts: sizes, flags and
   * byte offsets, then this thread's A block, its index, the thread count and the barrier.
   */
  lstmForward(...args: number[]): void;
  /** See lstmForward. */
  lstmBackward(...args: number[]): void;
  /** See lstmForward. */
  gruForward(...args: number[]): void;
  /** See lstmForward. */
  gruBackward(...args: number[]): void;
  /** See lstmForward. */
  rnnForward(...args: number[]): void;
  /** See lstmForward. */
  rnnBackward(...args: number[]): void;
  heapBase(): number;
}

/** The instantiated kernels and the heap over their memory. */
export interface WasmKernels {
  readonly exports: KernelExports;
  readonly heap: WasmHeap;
  /** True when the relaxed-SIMD build was picked. */
  readonly relaxed: boolean;
  /** The compiled module, for the thread pool's workers. */
  readonly module: WebAssembly.Module;
  /** The memory, shared where threads are possible (then workers instantiate over it too). */
  readonly memory: WebAssembly.Memory;
  /** True when the memory is shared. */
  readonly shared: boolean;
}

const decode = (base64: string): Uint8Array<ArrayBuffer> =>
  Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));

let loaded: WasmKernels | undefined;
let modulePromise: Promise<WasmKernels> | undefined;

/** True when this engine validates the relaxed-SIMD build. */
export function relaxedSimdSupported(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(decode(relaxedBinary));
}

/** Which build is compiled, or null before the first use. */
export function wasmKernelsCompiled(): 'relaxed' | 'simd128' | null {
  if (loaded === undefined) return null;
  return loaded.relaxed ? 'relaxed' : 'simd128';
}

/** True when this engine runs WebAssembly with SIMD128 (Node ≥ 16.4, current browsers). */
export function wasmSimdSupported(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(decode(simdBinary));
}

/** True on a browser page's thread (a window has a document; Node and workers have none). */
export function onPage(): boolean {
  return typeof (globalThis as { document?: unknown }).document !== 'undefined';
}

/**
 * True where a shared memory can be made: Node, and pages that are cross-origin isolated.
 * Sharing costs nothing measurable on one thread (KERNELS.md), so the memory is shared
 * wherever threads could ever be turned on.
 */
function canShare(): boolean {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  if (typeof SharedArrayBuffer !== 'function' || isolated === false) return false;
  try {
    // A shared memory reserves its maximum up front; a small address space may refuse it.
    new WebAssembly.Memory({ initial: 1, maximum: maximumPages(), shared: true });
    return true;
  } catch {
    return false;
  }
}

/** The most pages a shared memory may grow to: 4 GiB in Node, 1 GiB in a browser. */
function maximumPages(): number {
  return onPage() ? 16384 : 65536;
}

function pick(): { bytes: Uint8Array<ArrayBuffer>; relaxed: boolean; shared: boolean } {
  const shared = canShare();
  const relaxed = decode(shared ? relaxedSharedBinary : relaxedBinary);
  if (WebAssembly.validate(relaxed)) return { bytes: relaxed, relaxed: true, shared };
  return { bytes: decode(shared ? simdSharedBinary : simdBinary), relaxed: false, shared };
}

function instantiate(module: WebAssembly.Module, relaxed: boolean, shared: boolean): WasmKernels {
  const memory = shared
    ? new WebAssembly.Memory({ initial: 256, maximum: maximumPages(), shared: true })
    : new WebAssembly.Memory({ initial: 256 });
  const instance = new WebAssembly.Instance(module, { env: { memory, abort: () => {} } });
  const exports = instance.exports as unknown as KernelExports;
  return {
    exports,
    heap: new WasmHeap(memory, exports.heapBase()),
    relaxed,
    module,
    memory,
    shared,
  };
}

/**
 * True when the kernels are compiled, or can be compiled synchronously here: SIMD is
 * supported and this is not a browser window's main thread (which refuses synchronous
 * compilation of modules over 4 KB until loadWasmKernels() has been awaited).
 */
export function wasmKernelsReady(): boolean {
  if (loaded !== undefined) return true;
  return !onPage() && wasmSimdSupported();
}

/** The kernels, compiled synchronously on first use (Node, workers). */
export function wasmKernels(): WasmKernels {
  if (loaded !== undefined) return loaded;
  const { bytes, relaxed, shared } = pick();
  loaded = instantiate(new WebAssembly.Module(bytes), relaxed, shared);
  return loaded;
}

/** Compiles the kernels asynchronously (needed once on a browser's main thread). */
export function loadWasmKernels(): Promise<WasmKernels> {
  if (loaded !== undefined) return Promise.resolve(loaded);
  modulePromise ??= (async () => {
    const { bytes, relaxed, shared } = pick();
    const module = await WebAssembly.compile(bytes);
    loaded ??= instantiate(module, relaxed, shared);
    return loaded;
  })();
  return modulePromise;
}
