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

/** One cached packed operand. */
interface Entry {
  readonly ptr: number;
  readonly bytes: number;
  /** The per-handle map the entry sits in, under `key`. */
  readonly owner: Map<string, Entry>;
  readonly key: string;
}

/** Cached packs beyond this many bytes are evicted, least recently used first. */
const CACHE_BYTES = 256 * 2 ** 20;
const caches = new WeakMap<object, Map<string, Entry>>();
/** (handle, layout) pairs used once: the second use caches. */
const seen = new WeakMap<object, Set<string>>();
/** Every cached entry, least recently used first. */
const recent = new Set<Entry>();
let cachedBytes = 0;
let registry: FinalizationRegistry<Map<string, Entry>> | undefined;

function evict(kernels: WasmKernels, entry: Entry): void {
  if (!recent.delete(entry)) return;
  kernels.heap.free(entry.ptr);
  cachedBytes -= entry.bytes;
  entry.owner.delete(entry.key);
}

/**
 * The packed form of `values` (the data behind `handle`) under `layout`. A pair (handle,
 * layout) used a second time stays packed in wasm memory until the handle is collected or
 * the cache evicts it: a layer's weights during generation are packed once and never copied
 * again. A first use packs into `scope` (freed when the call ends), so a training step, whose
 * weights change every step, leaves nothing behind even in a loop that never yields to the
 * event loop (where finalizers cannot run).
 */
export function packedWeight(
  kernels: WasmKernels,
  scope: Scope,
  handle: object,
  values: Float32Array,
  layout: PackLayout,
): number {
  const { K, N, bk, bn, offset } = layout;
  const key = `${K},${N},${bk},${bn},${offset}`;
  const cache = caches.get(handle);
  const hit = cache?.get(key);
  if (hit !== undefined) {
    recent.delete(hit);
    recent.add(hit);
    return hit.ptr;
  }
  const { exports, heap } = kernels;
  const bytes = exports.packedSize(K, N);
  const source = heap.put(values);
  let keys = seen.get(handle);
  const again = keys?.has(key) === true;
  const packed = again ? heap.alloc(bytes) : scope.alloc(bytes / 4);
  exports.packB(K, N, source + offset * 4, bk, bn, packed);
  heap.free(source);
  if (!again) {
    if (keys === undefined) seen.set(handle, (keys = new Set()));
    keys.add(key);
    return packed;
  }
  let owner = cache;
  if (owner === undefined) {
    owner = new Map();
    caches.set(handle, owner);
    registry ??= new FinalizationRegistry((held) => {
      for (const entry of [...held.values()]) evict(kernels, entry);
    });
    registry.register(handle, owner);
  }
  const entry: Entry = { ptr: packed, bytes, owner, key };
  owner.set(key, entry);
  recent.add(entry);
  cachedBytes += bytes;
  for (const oldest of recent) {
    if (cachedBytes <= CACHE_BYTES) break;
    evict(kernels, oldest);
  }
  return packed;
}

/** A small operand (a bias or a peephole vector) in wasm memory, cached like packed weights. */
export function residentValues(
  kernels: WasmKernels,
  scope: Scope,
  handle: object,
  values: Float32Array,
): number {
  return packedWeight(kernels, scope, handle, values, {
    K: 1,
    N: values.length,
    bk: 0,
    bn: 1,
    offset: 0,
  });
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
