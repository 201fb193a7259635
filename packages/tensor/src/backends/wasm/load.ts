// The public face of loading the wasm kernels.
import { loadWasmKernels, wasmSimdSupported } from './kernels';

/**
 * True when this engine can run the wasm backend (WebAssembly with SIMD128: Node ≥ 16.4 and
 * current browsers).
 * @category Backends
 */
export function wasmAvailable(): boolean {
  return wasmSimdSupported();
}

/**
 * Compiles the wasm kernels asynchronously. Node and workers compile them on first use; a
 * browser's main thread refuses synchronous compilation of a module this size, so await this
 * once before `setBackend('wasm')` there.
 * @returns whether the relaxed-SIMD build (fused multiply-add) was picked
 * @example
 * ```ts
 * await loadWasm();
 * setBackend('wasm');
 * ```
 * @category Backends
 */
export async function loadWasm(): Promise<{ relaxedSimd: boolean }> {
  const kernels = await loadWasmKernels();
  return { relaxedSimd: kernels.relaxed };
}
