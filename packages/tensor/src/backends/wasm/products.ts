// Matrix products as the wasm backend runs them: on one thread, or split by output columns
// (whole 8-column panels) over the pool when the product is large enough to pay for the join.
import { ArgumentError } from '../../errors/argument-error';
import { KC } from './codes';
import { onPage, type WasmKernels } from './kernels';
import { Pool, threadsSupported, type PoolFunction } from './pool';
import type { Scope } from './resident';

/**
 * K (or N, for a transposed A) up to which a product skips the packed micro-kernel: a
 * projection of a few input features, and its weight gradient (gemm.ts: gemmSmallK,
 * gemmTSmallN). Measured for W4's 1 feature: 3,200 × 256 × 1 290 → 80 µs, its gradient
 * 256 × 1 × 3,200 490 → 60 µs.
 */
const SMALL = 4;
/** Multiply-adds below which a product stays on one thread (about 50 µs of work per thread). */
const PARALLEL_MACS = 2 ** 21;
/** Floats of one thread's A block (KC × 4, with slack). */
export const A_BLOCK = KC * 4 + 64;

let pool: Pool | undefined;
let requested = 1;
/** Calls split over threads since start-up (a diagnostic for tests and benchmarks). */
export const parallelCalls = { products: 0, sequences: 0 };

/**
 * Sets how many threads the wasm backend's large matrix products use (1 turns the pool off).
 * @throws {ArgumentError} if `threads` is not a positive integer, or is above 1 where this
 * environment cannot run a pool
 */
export function setWasmThreads(kernels: WasmKernels, threads: number): void {
  if (!Number.isInteger(threads) || threads < 1) {
    throw new ArgumentError(`setThreads: threads must be a positive integer, got ${threads}.`, {
      argument: 'threads',
    });
  }
  if (threads > 1 && !threadsSupported(kernels)) {
    throw new ArgumentError(
      `setThreads: threads must be 1 here, got ${threads}: the thread pool needs a shared WebAssembly memory and workers (Node's worker_threads, or Web Workers on a cross-origin isolated page).`,
      { argument: 'threads' },
    );
  }
  if (threads === requested) return;
  pool?.close();
  pool = threads > 1 ? new Pool(kernels, threads) : undefined;
  requested = threads;
}

/** The number of threads products may use. */
export function wasmThreads(): number {
  return requested;
}

/** The pool when it can take work (a page's workers have all started), else undefined. */
function live(): Pool | undefined {
  return pool?.ready() === true ? pool : undefined;
}

/**
 * Resolves once the pool's workers can take work: at once in Node and with one thread; on a
 * page, when every worker has compiled the kernels (until then work runs on one thread).
 * Rejects when a page's worker failed to start (the pool then stays unused).
 */
export async function wasmThreadsReady(): Promise<void> {
  while (pool !== undefined && !pool.ready()) {
    if (pool.failure !== null) {
      throw new Error(
        `setThreads: the Web Workers did not start (${pool.failure}); work runs on one thread. Hint: a Content-Security-Policy must allow worker-src blob:.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/**
 * Readies a sequence's barrier block (64 bytes): count and generation zeroed, and on a page's
 * main thread (which may not block) the flag that makes the barriers spin without sleeping.
 */
function syncBlock(kernels: WasmKernels, ptr: number): number {
  kernels.heap.zero(ptr, 64);
  if (onPage()) new Int32Array(kernels.memory.buffer, ptr + 8, 1)[0] = 1;
  return ptr;
}

/** Panel ranges [p0, p1) splitting `panels` over `threads` as evenly as possible. */
function split(panels: number, threads: number): [number, number][] {
  return Array.from({ length: threads }, (_, k) => [
    Math.floor((panels * k) / threads),
    Math.floor((panels * (k + 1)) / threads),
  ]);
}

/** The operands of one product C (+)= A·B; A is M × K at (m·am + k·ak), C has row stride ldc. */
export interface Product {
  readonly M: number;
  readonly N: number;
  readonly K: number;
  readonly a: number;
  readonly am: number;
  readonly ak: number;
  readonly c: number;
  readonly ldc: number;
  readonly accumulate: boolean;
}

/** Calls an export with a list of numbers (the pool passes the same lists to its workers). */
function call(
  kernels: WasmKernels,
  fn: 'gemmPackedPanels' | 'packBPanels' | 'gemm',
  args: number[],
): void {
  // The pool hands workers the same flat lists; here too they go in as they are.
  const exports = kernels.exports as unknown as Record<typeof fn, (...values: number[]) => void>;
  exports[fn](...args);
}

/** The pool when a product of these sizes splits over it, else undefined. */
function splitPool(p: Product, panels: number): Pool | undefined {
  return p.M * p.N * p.K >= PARALLEL_MACS && panels > 1 ? live() : undefined;
}

/** Bytes of a packed B up to which a split product may give each thread all of it (L2 holds it). */
const ROW_SPLIT_BYTES = 2 ** 20;

/**
 * Whether a split product divides A's rows rather than C's panels: when the panels are few
 * (under 16 a thread), B (packed) fits a core's L2 and each thread gets at least 4 blocks of 4
 * rows. Split by panels, every thread packs all of A, and few panels divide unevenly (a head of
 * 65 outputs: 9 panels, 4 and 5). 16,384 × 256 · 256 × 65, relaxed SIMD: the 4-panel share took
 * 7.4 ms (the 5-panel one longer), half the rows 7.0 ms.
 */
function splitsRows(p: Product, panels: number, threads: number): boolean {
  return p.K * panels * 32 <= ROW_SPLIT_BYTES && p.M >= 16 * threads && panels < 16 * threads;
}

/** C (+)= A·B with B packed (packB layout), split by output panels (or rows) over the pool when large. */
export function productPacked(
  kernels: WasmKernels,
  scope: Scope,
  p: Product,
  packed: number,
): void {
  if (p.K <= SMALL) {
    kernels.exports.gemmSmallK(p.M, p.N, p.K, p.a, p.am, p.ak, packed, p.c, p.ldc, p.accumulate);
    return;
  }
  const panels = Math.ceil(p.N / 8);
  const parallel = splitPool(p, panels);
  const threads = parallel?.size ?? 1;
  const byRows = threads > 1 && splitsRows(p, panels, threads);
  const ranges = split(byRows ? Math.floor(p.M / 4) : panels, threads);
  const args = (k: number): number[] => {
    const [r0, r1] = ranges[k]!;
    if (!byRows) {
      return [
        ...[p.M, p.N, p.K, p.a, p.am, p.ak, packed, p.c, p.ldc, p.accumulate ? 1 : 0],
        ...[scope.alloc(A_BLOCK), r0, r1],
      ];
    }
    // Rows 4·r0 … (the last thread to M): every panel of those rows.
    const m0 = 4 * r0;
    const m1 = k === threads - 1 ? p.M : 4 * r1;
    return [
      ...[m1 - m0, p.N, p.K, p.a + m0 * p.am * 4, p.am, p.ak, packed],
      ...[p.c + m0 * p.ldc * 4, p.ldc, p.accumulate ? 1 : 0],
      ...[scope.alloc(A_BLOCK), 0, panels],
    ];
  };
  if (parallel === undefined) {
    call(kernels, 'gemmPackedPanels', args(0));
    return;
  }
  parallelCalls.products++;
  parallel.run('gemmPackedPanels', args, () => call(kernels, 'gemmPackedPanels', args(0)));
}

/**
 * Rows of K from which a product whose K is its longest side (a weight gradient: a sum over
 * every step of the batch) splits K rather than output columns.
 */
const SPLIT_K = 1024;

/** C (+)= A·B with B read in place (K × N at k·bk + n·bn), packed for this call. */
export function product(
  kernels: WasmKernels,
  scope: Scope,
  p: Product,
  b: number,
  bk: number,
  bn: number,
): void {
  if (p.N <= SMALL && p.am === 1 && bn === 1) {
    // Aᵀ stored row-major times a narrow B (a weight gradient of a few input features).
    const scratch = scope.alloc(p.N * p.M);
    kernels.exports.gemmTSmallN(p.M, p.N, p.K, p.a, p.ak, b, bk, p.c, p.ldc, p.accumulate, scratch);
    return;
  }
  const workers = live();
  if (
    workers !== undefined &&
    p.M * p.N * p.K >= PARALLEL_MACS &&
    p.K >= SPLIT_K &&
    p.K >= p.M &&
    p.K >= p.N &&
    p.ldc === p.N
  ) {
    productSplitK(kernels, scope, workers, p, b, bk, bn);
    return;
  }
  const packed = scope.alloc(kernels.exports.packedSize(p.K, p.N) / 4);
  const panels = Math.ceil(p.N / 8);
  const parallel = splitPool(p, panels);
  const ranges = split(panels, parallel?.size ?? 1);
  const args = (k: number): number[] => [p.K, p.N, b, bk, bn, packed, ...ranges[k]!];
  if (parallel === undefined) call(kernels, 'packBPanels', args(0));
  else parallel.run('packBPanels', args, () => call(kernels, 'packBPanels', args(0)));
  productPacked(kernels, scope, p, packed);
}

/**
 * A product split over the pool by its K rows: each thread packs its share of B, multiplies
 * its share of A's columns by it into a partial C (thread 0 into C itself), and the partials
 * are added into C after the join. Split by output columns instead, each thread would pack all
 * of A, which costs as much as the product itself when N is small (LSTM(64)'s dW_hh: N = 64,
 * K = 3,200). Needs a C without row padding (ldc = N).
 */
function productSplitK(
  kernels: WasmKernels,
  scope: Scope,
  parallel: Pool,
  p: Product,
  b: number,
  bk: number,
  bn: number,
): void {
  const threads = parallel.size;
  const e = kernels.exports;
  const ranges = split(p.K, threads);
  const size = p.M * p.N;
  const partials = ranges.map((_, k) => (k === 0 ? p.c : scope.alloc(size)));
  const args = (k: number): number[] => {
    const [k0, k1] = ranges[k]!;
    return [
      ...[p.M, p.N, k1 - k0, p.a + k0 * p.ak * 4, p.am, p.ak],
      ...[b + k0 * bk * 4, bk, bn, partials[k]!, p.N, k === 0 && p.accumulate ? 1 : 0],
      scope.alloc(e.gemmScratchSize(k1 - k0, p.N) / 4),
    ];
  };
  parallelCalls.products++;
  parallel.run('gemm', args, () => call(kernels, 'gemm', args(0)));
  // Added as one row of M·N "bias" values each.
  for (let k = 1; k < threads; k++) e.addRowBias(p.c, 1, size, partials[k]!);
}

/** Multiply-adds per step below which a fused sequence runs on one thread. */
const PARALLEL_STEP_MACS = 2 ** 20;
/** Multiply-adds of a whole sequence (T steps) from which splitting its rows pays the join. */
const PARALLEL_ROW_MACS = 2 ** 19;
/**
 * Bytes of recurrent weights up to which threads split rows: each thread then reads all of
 * them every step, so they must stay in its core's L2 (1 MiB here); larger ones (LSTM(512):
 * 4 MiB) are split by columns, each thread reading its half. Measured: W2 took 1.07–1.26 s
 * split by rows against 0.82–0.95 s by columns; W1, W3 and W6 (≤ 1 MiB) the same either way,
 * W4 (64 KiB) 14.5–15.3 ms against 16.9–22.5 ms.
 */
const ROW_WEIGHT_BYTES = 2 ** 20;

/** The sequence kernels: they take `(…args, block, tid, threads, sync)`. */
type SequenceFunction = Exclude<PoolFunction, 'gemmPackedPanels' | 'packBPanels' | 'gemm'>;

/** How a fused sequence runs: on how many threads, splitting batch rows or product columns. */
export interface SequenceSplit {
  readonly threads: number;
  /** Each thread runs the whole loop on its rows, with no barrier (the ROWS flag). */
  readonly rows: boolean;
}

/**
 * How to split a sequence over the pool. Batch rows when every thread gets at least 4 rows,
 * the sequence is large enough to pay for one join and the recurrent weights fit a core's L2
 * (or cannot be split by columns: the LSTM projection): the threads then never wait for each
 * other inside the loop (a descheduled thread delays only the end). Otherwise product columns
 * and gate units in lockstep when a step's product is large (large layers, batch-1), else one
 * thread.
 */
export function sequenceSplit(
  N: number,
  T: number,
  stepMacs: number,
  splittable: boolean,
): SequenceSplit {
  const size = live()?.size ?? 1;
  const weightBytes = (4 * stepMacs) / Math.max(1, N);
  if (
    size > 1 &&
    N >= 4 * size &&
    T * stepMacs >= PARALLEL_ROW_MACS &&
    (weightBytes <= ROW_WEIGHT_BYTES || !splittable)
  )
    return { threads: size, rows: true };
  if (size > 1 && splittable && stepMacs >= PARALLEL_STEP_MACS)
    return { threads: size, rows: false };
  return { threads: 1, rows: false };
}

/**
 * Runs a fused sequence kernel on `threads` threads of the pool (the split the caller chose
 * with {@link sequenceSplit}, whose ROWS bit is already in the kernel's flags).
 */
export function runSequence(
  kernels: WasmKernels,
  scope: Scope,
  fn: SequenceFunction,
  args: readonly number[],
  threads: number,
  blockFloats = A_BLOCK,
): void {
  const sync = syncBlock(kernels, scope.alloc(16));
  const blocks = Array.from({ length: threads }, () => scope.alloc(blockFloats));
  runThreads(kernels, fn, threads, (tid) => [...args, blocks[tid]!, tid, threads, sync]);
}

/**
 * Calls `fn(...calls(tid))` for tid 0 here and 1 … threads − 1 on the pool, and returns when
 * all have finished.
 */
function runThreads(
  kernels: WasmKernels,
  fn: SequenceFunction,
  threads: number,
  calls: (tid: number) => readonly number[],
): void {
  const main = (): void => kernels.exports[fn](...calls(0));
  const parallel = live();
  if (threads === 1 || parallel === undefined) {
    main();
    return;
  }
  parallelCalls.sequences++;
  parallel.run(fn, calls, main);
}

/**
 * A sequence kernel call prepared once and run many times (the stepper's steps): its sync
 * block and per-thread blocks stay allocated, so a run costs the call alone. It runs on every
 * thread of the pool (split by columns) when the step is large enough, re-preparing its blocks
 * when the pool's size changed.
 */
export class PreparedSequence {
  readonly #kernels: WasmKernels;
  readonly #fn: SequenceFunction;
  readonly #args: number[];
  readonly #threaded: boolean;
  readonly #sync: number;
  #blocks: number[] = [];
  #calls: number[][] = [];

  constructor(
    kernels: WasmKernels,
    fn: SequenceFunction,
    args: readonly number[],
    stepMacs: number,
    splittable: boolean,
    parallelMacs = PARALLEL_STEP_MACS,
  ) {
    this.#kernels = kernels;
    this.#fn = fn;
    this.#args = [...args];
    this.#threaded = splittable && stepMacs >= parallelMacs;
    this.#sync = syncBlock(kernels, kernels.heap.alloc(64));
  }

  /** Sets argument `index` (before the thread arguments) for the next runs. */
  set(index: number, value: number): void {
    this.#args[index] = value;
    for (const call of this.#calls) call[index] = value;
  }

  /** Runs the kernel (on every thread of the pool when prepared for threads). */
  run(): void {
    const parallel = live();
    const threads = parallel !== undefined && this.#threaded ? parallel.size : 1;
    if (this.#calls.length !== threads) this.#prepare(threads);
    const calls = this.#calls;
    runThreads(this.#kernels, this.#fn, threads, (tid) => calls[tid]!);
  }

  #prepare(threads: number): void {
    for (const ptr of this.#blocks) this.#kernels.heap.free(ptr);
    this.#blocks = Array.from({ length: threads }, () => this.#kernels.heap.alloc(A_BLOCK * 4));
    this.#calls = this.#blocks.map((block, tid) => [
      ...this.#args,
      block,
      tid,
      threads,
      this.#sync,
    ]);
  }

  /** Frees the blocks. */
  release(): void {
    for (const ptr of [...this.#blocks, this.#sync]) this.#kernels.heap.free(ptr);
    this.#blocks = [];
    this.#calls = [];
  }
}

/** Applies `UNROLL_THREADS` from the environment (Node), if set. */
export function threadsFromEnvironment(kernels: WasmKernels): void {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  const value = env?.UNROLL_THREADS;
  if (value === undefined || value === '') return;
  const threads = Number(value);
  if (!Number.isInteger(threads) || threads < 1) {
    throw new ArgumentError(`UNROLL_THREADS must be a positive integer, got '${value}'.`, {
      argument: 'UNROLL_THREADS',
    });
  }
  setWasmThreads(kernels, threads);
}
