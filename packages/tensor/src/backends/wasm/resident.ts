// Weights resident in wasm memory, packed for the micro-kernel. Data handles never change
// once written, so whatever is derived from one (a packed layout) is cached per handle and
// freed when the handle is garbage-collected: an optimizer step makes new handles, so weights
// are packed once per step, and a batch-1 generation step never copies a weight.
import type { WasmKernels } from './kernels';

/** How a matrix operand is read: K × N, element (k, n) at (k·bk + n·bn) of the source rows. */
export interface PackLayout {
  readonly K: number;
  readonly N: number;
  readonly bk: number;
  readonly bn: number;
  /** First element of the source to read (a block of rows). */
  readonly offset: number;
}

const caches = new WeakMap<object, Map<string, number>>();
let registry: FinalizationRegistry<Map<string, number>> | undefined;

/**
 * The packed form of `values` (the data behind `handle`) under `layout`: packed on first use,
 * then reused until the handle is collected.
 */
export function packedWeight(
  kernels: WasmKernels,
  handle: object,
  values: Float32Array,
  layout: PackLayout,
): number {
  const { K, N, bk, bn, offset } = layout;
  const key = `${K},${N},${bk},${bn},${offset}`;
  let cache = caches.get(handle);
  const hit = cache?.get(key);
  if (hit !== undefined) return hit;
  const { exports, heap } = kernels;
  if (cache === undefined) {
    cache = new Map();
    caches.set(handle, cache);
    registry ??= new FinalizationRegistry((held) => {
      for (const ptr of held.values()) heap.free(ptr);
    });
    registry.register(handle, cache);
  }
  const source = heap.put(values);
  const packed = heap.alloc(exports.packedSize(K, N));
  exports.packB(K, N, source + offset * 4, bk, bn, packed);
  heap.free(source);
  cache.set(key, packed);
  return packed;
}

/** Frees every temporary a kernel call allocated, when the call ends. */
export class Scope {
  readonly #kernels: WasmKernels;
  readonly #blocks: number[] = [];

  constructor(kernels: WasmKernels) {
    this.#kernels = kernels;
  }

  /** A temporary block of `floats` float32 values (contents undefined). */
  alloc(floats: number): number {
    const ptr = this.#kernels.heap.alloc(Math.max(1, floats) * 4);
    this.#blocks.push(ptr);
    return ptr;
  }

  /** A temporary block of `floats` zeros. */
  zeros(floats: number): number {
    const ptr = this.alloc(floats);
    this.#kernels.heap.zero(ptr, Math.max(1, floats) * 4);
    return ptr;
  }

  /** A temporary copy of `values`. */
  put(values: ArrayLike<number> & { length: number }, type: 'f32' | 'i32' = 'f32'): number {
    const ptr = this.#kernels.heap.put(values, type);
    this.#blocks.push(ptr);
    return ptr;
  }

  /** Moves a block out of the scope: the caller frees it. */
  keep(ptr: number): number {
    const at = this.#blocks.indexOf(ptr);
    if (at >= 0) this.#blocks.splice(at, 1);
    return ptr;
  }

  /** Frees the blocks still in the scope. */
  close(): void {
    for (const ptr of this.#blocks) this.#kernels.heap.free(ptr);
    this.#blocks.length = 0;
  }
}

/** A resident copy of a small operand (a bias or a peephole vector), cached like packed weights. */
export function residentValues(kernels: WasmKernels, handle: object, values: Float32Array): number {
  return packedWeight(kernels, handle, values, { K: 1, N: values.length, bk: 0, bn: 1, offset: 0 });
}
