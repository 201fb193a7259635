// The wasm backend's own kernels against the cpu reference: matrix products of every layout
// (transposes, batches, broadcast batches, edges of the 4×8 blocks, K beyond a packed chunk),
// the memory they leave behind, and the heap's reuse of freed blocks.
import { afterEach, describe, expect, it } from 'vitest';
import {
  Generator,
  getBackend,
  loadWasm,
  matmul,
  randn,
  setBackend,
  type WasmBackend,
} from '../../index';
import { relaxedBinary, simdBinary } from './binary.generated';
import { WasmHeap } from './heap';
import type { KernelExports } from './kernels';

afterEach(() => setBackend('cpu'));

const generator = new Generator(11);

describe('wasm MatMul', () => {
  it.each([
    ['1×1 by 1×1', [1, 1], [1, 1], false, false],
    ['edges of the blocks', [5, 7], [7, 9], false, false],
    ['a transposed', [300, 13], [300, 17], true, false],
    ['b transposed (a layer weight)', [33, 40], [65, 40], false, true],
    ['both transposed', [2, 3], [5, 2], true, true],
    ['batch 1 row', [1, 256], [256, 70], false, false],
    ['batch 1 row of a transposed, two chunks, wide', [300, 1], [300, 200], true, false],
    ['batched', [3, 6, 5], [3, 5, 4], false, false],
    ['broadcast batch', [2, 1, 6, 5], [3, 5, 4], false, false],
    ['batched by a matrix', [4, 9, 11], [11, 10], false, false],
  ] as const)('%s matches cpu', (_name, aShape, bShape, transposeA, transposeB) => {
    const a = randn([...aShape], { generator });
    const b = randn([...bShape], { generator });
    setBackend('cpu');
    const expected = matmul(a, b, { transposeA, transposeB });
    setBackend('wasm');
    // Twice: the second use of b keeps it packed, and must give the same result.
    const first = matmul(a, b, { transposeA, transposeB });
    const second = matmul(a, b, { transposeA, transposeB });
    expect(first.shape).toEqual(expected.shape);
    expect(first).toBeAllClose(expected, { atol: 1e-5, rtol: 1e-5 });
    expect(second).toBeAllClose(first, { atol: 0, rtol: 0 });
  });

  it('runs float64 products on the reference kernels, unchanged', () => {
    const a = randn([4, 3], { dtype: 'float64', generator });
    const b = randn([3, 2], { dtype: 'float64', generator });
    setBackend('cpu');
    const expected = matmul(a, b);
    setBackend('wasm');
    expect(matmul(a, b)).toBeAllClose(expected, { atol: 0, rtol: 0 });
  });

  it('leaves no temporaries behind', () => {
    setBackend('wasm');
    const backend = getBackend() as WasmBackend;
    const a = randn([20, 30], { generator });
    const b = randn([30, 12], { generator });
    matmul(a, b);
    matmul(a, b);
    const before = backend.memory().inUse;
    for (let k = 0; k < 5; k++) matmul(randn([20, 30], { generator }), b);
    expect(backend.memory().inUse).toBe(before);
  });

  it('loads asynchronously too', async () => {
    await expect(loadWasm()).resolves.toEqual({ relaxedSimd: expect.any(Boolean) as boolean });
  });
});

describe('WasmHeap', () => {
  it('reuses a freed block of the same size class and grows the memory when full', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const heap = new WasmHeap(memory, 100);
    const a = heap.alloc(1000);
    expect(a % 64).toBe(0);
    expect(a).toBeGreaterThanOrEqual(100);
    heap.free(a);
    expect(heap.alloc(900)).toBe(a);
    const big = heap.alloc(200_000);
    expect(memory.buffer.byteLength).toBeGreaterThan(big + 200_000);
    expect(heap.bytesInUse).toBeGreaterThanOrEqual(200_900);
    heap.free(big);
    expect(() => heap.free(big)).toThrow(/twice/);
  });
});

describe('WasmHeap out of memory', () => {
  it('says how much it needed, how much it has, and what to do', () => {
    const heap = new WasmHeap(new WebAssembly.Memory({ initial: 1, maximum: 2 }), 0);
    expect(() => heap.alloc(4 * 65536)).toThrow(
      /wasm backend: out of memory growing to 0.3 MiB \(have 0.1 MiB\)\. Hint: use smaller batches/,
    );
  });
});

describe('the builds over a private memory', () => {
  // Node and cross-origin isolated pages pick the shared-memory builds; pages without isolation
  // get these. Instantiated directly here, since no test environment picks them.
  const decode = (base64: string) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  // The relaxed build validates only where the engine has relaxed SIMD (Node 20: behind a flag).
  const builds = [
    ['SIMD128', decode(simdBinary)],
    ['relaxed SIMD', decode(relaxedBinary)],
  ] as const;
  it.each(builds.filter(([, bytes]) => WebAssembly.validate(bytes)))(
    '%s instantiates over an unshared memory and multiplies',
    (_name, bytes) => {
      const memory = new WebAssembly.Memory({ initial: 64 });
      const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
        env: { memory, abort: () => {} },
      });
      const exports = instance.exports as unknown as KernelExports;
      const heap = new WasmHeap(memory, exports.heapBase());
      const [M, K, N] = [5, 300, 11];
      const a = Float32Array.from({ length: M * K }, (_, i) => Math.sin(i));
      const b = Float32Array.from({ length: K * N }, (_, i) => Math.cos(i));
      const c = heap.alloc(M * N * 4);
      const scratch = heap.alloc(exports.gemmScratchSize(K, N));
      exports.gemm(M, N, K, heap.put(a), K, 1, heap.put(b), N, 1, c, N, false, scratch);
      const out = heap.take(c, M * N);
      for (let m = 0; m < M; m++) {
        for (let n = 0; n < N; n++) {
          let sum = 0;
          for (let k = 0; k < K; k++) sum += a[m * K + k]! * b[k * N + n]!;
          expect(Math.abs(out[m * N + n]! - sum)).toBeLessThan(1e-3);
        }
      }
    },
  );
});
