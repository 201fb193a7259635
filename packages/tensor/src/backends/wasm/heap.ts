// The wasm backend's memory: one WebAssembly.Memory, blocks handed out by size class and
// reused through free lists, so a training loop that asks for the same sizes every step
// stays flat. Blocks are 64-byte aligned; views are made fresh after every allocation
// because growing the memory detaches old ones.

const ALIGN = 64;
const PAGE = 65536;

/** Rounds up to the next size class: 2^k or 1.5·2^k bytes (at most a third wasted). */
function sizeClass(bytes: number): number {
  const size = Math.max(ALIGN, bytes);
  const power = 2 ** Math.ceil(Math.log2(size));
  return size <= power * 0.75 ? power * 0.75 : power;
}

/** A block allocator over a wasm memory. */
export class WasmHeap {
  readonly #memory: WebAssembly.Memory;
  #top: number;
  readonly #free = new Map<number, number[]>();
  readonly #sizes = new Map<number, number>();
  #inUse = 0;
  /** Bytes copied in (put) and out (take) since start-up. */
  readonly copied = { in: 0, out: 0 };

  constructor(memory: WebAssembly.Memory, base: number) {
    this.#memory = memory;
    this.#top = Math.ceil(base / ALIGN) * ALIGN;
  }

  /** A block of at least `bytes` bytes (contents undefined); its byte offset. */
  alloc(bytes: number): number {
    const size = sizeClass(bytes);
    const reuse = this.#free.get(size)?.pop();
    if (reuse !== undefined) {
      this.#sizes.set(reuse, size);
      this.#inUse += size;
      return reuse;
    }
    const ptr = this.#top;
    // 16 bytes of slack past the last block: vector loads at a row's end stay inside memory.
    const end = ptr + size + 16;
    const have = this.#memory.buffer.byteLength;
    if (end > have) this.#grow(Math.ceil((end - have) / PAGE), end);
    this.#top = ptr + size;
    this.#sizes.set(ptr, size);
    this.#inUse += size;
    return ptr;
  }

  #grow(pages: number, bytes: number): void {
    try {
      this.#memory.grow(pages);
    } catch (error) {
      const MiB = (n: number): string => `${(n / 2 ** 20).toFixed(1)} MiB`;
      throw new RangeError(
        `wasm backend: out of memory growing to ${MiB(bytes)} (have ${MiB(this.#memory.buffer.byteLength)}). Hint: use smaller batches or sequences, or setBackend('cpu').`,
        { cause: error },
      );
    }
  }

  /** Returns a block to its free list. */
  free(ptr: number): void {
    const size = this.#sizes.get(ptr);
    if (size === undefined) throw new Error(`internal: wasm heap freed ${ptr} twice`);
    this.#sizes.delete(ptr);
    this.#inUse -= size;
    let list = this.#free.get(size);
    if (list === undefined) this.#free.set(size, (list = []));
    list.push(ptr);
  }

  /** A float32 view of `length` values at `ptr` (valid until the next allocation). */
  f32(ptr: number, length: number): Float32Array {
    return new Float32Array(this.#memory.buffer, ptr, length);
  }

  /** Copies `values` into a new block; its offset. */
  put(values: ArrayLike<number> & { length: number }, type: 'f32' | 'i32' = 'f32'): number {
    const ptr = this.alloc(values.length * 4);
    this.copied.in += values.length * 4;
    if (type === 'f32') new Float32Array(this.#memory.buffer, ptr, values.length).set(values);
    else new Int32Array(this.#memory.buffer, ptr, values.length).set(values);
    return ptr;
  }

  /** A copy of `length` float32 values at `ptr`, on the JS heap. */
  take(ptr: number, length: number): Float32Array {
    this.copied.out += length * 4;
    return new Float32Array(this.#memory.buffer, ptr, length).slice();
  }

  /** A copy of `length` float64 values at `ptr`. */
  takeF64(ptr: number, length: number): Float64Array {
    return new Float64Array(this.#memory.buffer, ptr, length).slice();
  }

  /** Zeroes `bytes` bytes at `ptr`. */
  zero(ptr: number, bytes: number): void {
    new Uint8Array(this.#memory.buffer, ptr, bytes).fill(0);
  }

  /** Bytes in blocks handed out and not yet freed. */
  get bytesInUse(): number {
    return this.#inUse;
  }

  /** Bytes of wasm memory reserved (in use, free lists, and the module's static data). */
  get bytesReserved(): number {
    return this.#memory.buffer.byteLength;
  }
}
