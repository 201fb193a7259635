// The public face of loading the wasm kernels.
import { loadWasmKernels, wasmKernels, wasmSimdSupported } from './kernels';
import { refreshDefaultBackend } from '../index';
import { setWasmThreads, wasmThreads, wasmThreadsReady } from './products';

/**
 * True when this engine can run the wasm backend (WebAssembly with SIMD128: Node ≥ 16.4 and
 * current browsers).
 * @category Backends
 */
export function wasmAvailable(): boolean {
  return wasmSimdSupported();
}

/** What {@link loadWasm} resolves to. @category Backends */
export interface WasmLoadResult {
  /** True when the relaxed-SIMD build (fused multiply-add) was picked. */
  readonly relaxedSimd: boolean;
}

/**
 * Compiles the wasm kernels asynchronously. Node and workers compile them on first use; a
 * browser's main thread refuses synchronous compilation of a module this size, so await this
 * once there: `wasm` then becomes the default backend (unless {@link setBackend} chose one).
 * @returns whether the relaxed-SIMD build (fused multiply-add) was picked
 * @example
 * ```ts
 * await loadWasm();
 * getBackend().name; // 'wasm'
 * ```
 * @category Backends
 */
export async function loadWasm(): Promise<WasmLoadResult> {
  const kernels = await loadWasmKernels();
  refreshDefaultBackend();
  return { relaxedSimd: kernels.relaxed };
}

/**
 * Sets how many threads the wasm backend uses: large matrix products split by output columns,
 * and the fused recurrent sequences run in lockstep on every thread, over a pool of workers
 * sharing the wasm memory. 1 (the default) turns the pool off; work too small to gain stays on
 * one thread either way. In Node the workers are `worker_threads`; in a browser they are Web
 * Workers, which need a cross-origin isolated page (served with `Cross-Origin-Opener-Policy:
 * same-origin` and `Cross-Origin-Embedder-Policy: require-corp`; a Content-Security-Policy
 * must allow `worker-src blob:`) and start asynchronously: await {@link threadsReady} before
 * timing anything (until then work runs on one thread). The
 * `UNROLL_THREADS` environment variable sets it when the backend starts (Node).
 * @param threads - a positive integer, usually the number of cores
 * @throws {ArgumentError} if `threads` is not a positive integer, or above 1 where no pool can run
 * @example
 * ```ts
 * setThreads(2);
 * ```
 * @category Backends
 */
export function setThreads(threads: number): void {
  setWasmThreads(wasmKernels(), threads);
}

/**
 * Resolves once the threads of {@link setThreads} can take work: at once in Node, and in a
 * browser when every Web Worker has compiled the kernels.
 * @throws {Error} (as a rejection) when a browser's workers could not start, e.g. a
 * Content-Security-Policy without `worker-src blob:`; work then runs on one thread
 * @example
 * ```ts
 * await loadWasm();
 * setThreads(navigator.hardwareConcurrency);
 * await threadsReady();
 * ```
 * @category Backends
 */
export function threadsReady(): Promise<void> {
  return wasmThreadsReady();
}

/** The number of threads the wasm backend's products use (see {@link setThreads}). @category Backends */
export function getThreads(): number {
  return wasmThreads();
}
