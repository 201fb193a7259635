// Loads the kernels: picks the relaxed-SIMD build where the engine validates it, else the
// SIMD128 one, and instantiates it over a fresh memory. Compiling synchronously works in Node
// and in workers; a browser's main thread refuses modules over 4 KB, so it awaits
// loadWasmKernels() first.
import { relaxedBinary, simdBinary } from './binary.generated';
import { WasmHeap } from './heap';

/** The exports of the AssemblyScript module (assembly/index.ts). Pointers are byte offsets. */
export interface KernelExports {
  packB(K: number, N: number, b: number, bk: number, bn: number, dst: number): void;
  packedSize(K: number, N: number): number;
  gemmScratchSize(K: number, N: number): number;
  gemm(
    M: number,
    N: number,
    K: number,
    a: number,
    am: number,
    ak: number,
    b: number,
    bk: number,
    bn: number,
    c: number,
    ldc: number,
    accumulate: boolean | number,
    scratch: number,
  ): void;
  gemmPacked(
    M: number,
    N: number,
    K: number,
    a: number,
    am: number,
    ak: number,
    packed: number,
    c: number,
    ldc: number,
    accumulate: boolean | number,
    scratch: number,
  ): void;
  addRowBias(matrix: number, rows: number, cols: number, bias: number): void;
  columnSums(
    matrix: number,
    rows: number,
    cols: number,
    stride: number,
    out: number,
    accumulate: boolean | number,
  ): void;
  lstmForward(
    T: number,
    N: number,
    H: number,
    R: number,
    flags: number,
    proj: number,
    whh: number,
    whr: number,
    pI: number,
    pF: number,
    pO: number,
    lengths: number,
    h: number,
    c: number,
    out: number,
    savedH: number,
    savedC: number,
    act: number,
    scratch: number,
  ): void;
  lstmBackward(
    T: number,
    N: number,
    H: number,
    R: number,
    flags: number,
    act: number,
    savedC: number,
    lengths: number,
    whh: number,
    whr: number,
    dWhr: number,
    pI: number,
    pF: number,
    pO: number,
    dPeep: number,
    dOut: number,
    dh: number,
    dc: number,
    dPre: number,
    norms: number,
    scratch: number,
  ): void;
  gruForward(
    T: number,
    N: number,
    H: number,
    flags: number,
    proj: number,
    whh: number,
    whn: number,
    bhh: number,
    lengths: number,
    h: number,
    out: number,
    savedH: number,
    act: number,
    scratch: number,
  ): void;
  gruBackward(
    T: number,
    N: number,
    H: number,
    flags: number,
    act: number,
    savedH: number,
    lengths: number,
    whh: number,
    whn: number,
    dOut: number,
    dh: number,
    dX: number,
    dHp: number,
    norms: number,
    scratch: number,
  ): void;
  rnnForward(
    T: number,
    N: number,
    H: number,
    flags: number,
    proj: number,
    whh: number,
    lengths: number,
    h: number,
    out: number,
    savedH: number,
    act: number,
    scratch: number,
  ): void;
  rnnBackward(
    T: number,
    N: number,
    H: number,
    flags: number,
    act: number,
    lengths: number,
    whh: number,
    dOut: number,
    dh: number,
    dPre: number,
    norms: number,
    scratch: number,
  ): void;
  heapBase(): number;
}

/** The instantiated kernels and the heap over their memory. */
export interface WasmKernels {
  readonly exports: KernelExports;
  readonly heap: WasmHeap;
  /** True when the relaxed-SIMD build was picked. */
  readonly relaxed: boolean;
}

const decode = (base64: string): Uint8Array<ArrayBuffer> =>
  Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));

let loaded: WasmKernels | undefined;
let modulePromise: Promise<WasmKernels> | undefined;

/** True when this engine runs WebAssembly with SIMD128 (Node ≥ 16.4, current browsers). */
export function wasmSimdSupported(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(decode(simdBinary));
}

function pick(): { bytes: Uint8Array<ArrayBuffer>; relaxed: boolean } {
  const relaxed = decode(relaxedBinary);
  if (WebAssembly.validate(relaxed)) return { bytes: relaxed, relaxed: true };
  return { bytes: decode(simdBinary), relaxed: false };
}

function instantiate(module: WebAssembly.Module, relaxed: boolean): WasmKernels {
  const memory = new WebAssembly.Memory({ initial: 256 });
  const instance = new WebAssembly.Instance(module, { env: { memory, abort: () => {} } });
  const exports = instance.exports as unknown as KernelExports;
  return { exports, heap: new WasmHeap(memory, exports.heapBase()), relaxed };
}

/**
 * True when the kernels are compiled, or can be compiled synchronously here: SIMD is
 * supported and this is not a browser window's main thread (which refuses synchronous
 * compilation of modules over 4 KB until loadWasmKernels() has been awaited).
 */
export function wasmKernelsReady(): boolean {
  if (loaded !== undefined) return true;
  const windowThread = typeof (globalThis as { document?: unknown }).document !== 'undefined';
  return !windowThread && wasmSimdSupported();
}

/** The kernels, compiled synchronously on first use (Node, workers). */
export function wasmKernels(): WasmKernels {
  if (loaded !== undefined) return loaded;
  const { bytes, relaxed } = pick();
  loaded = instantiate(new WebAssembly.Module(bytes), relaxed);
  return loaded;
}

/** Compiles the kernels asynchronously (needed once on a browser's main thread). */
export function loadWasmKernels(): Promise<WasmKernels> {
  if (loaded !== undefined) return Promise.resolve(loaded);
  modulePromise ??= (async () => {
    const { bytes, relaxed } = pick();
    const module = await WebAssembly.compile(bytes);
    loaded ??= instantiate(module, relaxed);
    return loaded;
  })();
  return modulePromise;
}
