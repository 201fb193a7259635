// Node-only helpers of @unroll/tensor (`@unroll/tensor/node`).
import { setFlagsFromString } from 'node:v8';
import { ArgumentError } from '../errors/argument-error';
import { relaxedSimdSupported, wasmKernelsCompiled } from '../backends/wasm/kernels';

/**
 * Lets Node 20 run the wasm backend's relaxed-SIMD build (fused multiply-add: 17–26% faster
 * products). Node ≥ 22 and current browsers have relaxed SIMD on by default; Node 20 needs the
 * V8 flag `--experimental-wasm-relaxed-simd`, which this sets at run time. Node documents
 * setting V8 flags after start-up as unsupported, hence an explicit opt-in. Call it before the
 * first operation (the kernels are compiled once, on first use).
 * @returns true when the relaxed build will be used
 * @throws {ArgumentError} if the kernels were already compiled without it
 * @example
 * ```ts
 * import { enableRelaxedSimd } from '@unroll/tensor/node';
 * enableRelaxedSimd();
 * ```
 * @category Backends
 */
export function enableRelaxedSimd(): boolean {
  const compiled = wasmKernelsCompiled();
  if (compiled === 'simd128') {
    throw new ArgumentError(
      'enableRelaxedSimd: the wasm kernels are already compiled without relaxed SIMD. Hint: call it before the first tensor operation.',
    );
  }
  setFlagsFromString('--experimental-wasm-relaxed-simd');
  return compiled === 'relaxed' || relaxedSimdSupported();
}
