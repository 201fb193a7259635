// The thread pool: workers that instantiate the same kernels over the shared wasm memory and
// run one slice of a split product when the main thread asks. Fork/join goes through a small
// shared control block per worker: the main thread bumps a generation number, the worker spins
// for it (then sleeps in Atomics.wait once idle for a while, KERNELS.md: waking a sleeping
// worker costs ~60 µs, a spinning one ~0.5 µs), runs the job and stores the generation as done.
// Joins wait for equality with the target generation, never for a change. In Node the workers
// are worker_threads, unref'd so an idle pool never keeps a process alive; on a cross-origin
// isolated page they are Web Workers made from a Blob, and since a page's main thread may not
// block, its joins (and its barriers inside a sequence) only spin, and the pool is used once
// every worker has started (until then work runs on one thread).
import { onPage, type KernelExports, type WasmKernels } from './kernels';

/**
 * Job slots: [generation, done, function, argument count, ready]; −1 as generation stops the
 * worker, ready is 1 once the worker has instantiated the kernels.
 */
const GENERATION = 0;
const DONE = 1;
const FUNCTION = 2;
const COUNT = 3;
const READY = 4;
const MAX_ARGS = 32;
/**
 * Spins before a worker (or the joining main thread) sleeps: about 10 ms, longer than the
 * serial stretch between two jobs of a training step. A worker that went to sleep started its
 * next job 0.1 ms late at the median and 1.4–2.4 ms at the 90th percentile on a 2-vCPU VM
 * (waking its halted vCPU); spinning through the gap, 16–19 µs and 35–39 µs (W4). After the
 * last job the worker sleeps, so an idle pool costs nothing.
 */
const SPINS = 4_000_000;

/** The kernels a worker may run. */
export const poolFunctions = [
  'gemmPackedPanels',
  'packBPanels',
  'gemm',
  'lstmForward',
  'lstmBackward',
  'gruForward',
  'gruBackward',
  'rnnForward',
  'rnnBackward',
] as const satisfies readonly (keyof KernelExports)[];
/** A kernel a worker can run. */
export type PoolFunction = (typeof poolFunctions)[number];

/** A worker's body once it has its data: instantiate, say ready, then serve jobs until −1. */
const serve = `
const instance = new WebAssembly.Instance(module, { env: { memory, abort() {} } });
const slots = new Int32Array(control);
const values = new Float64Array(args);
Atomics.store(slots, ${READY}, 1);
let seen = 0;
for (;;) {
  let spin = 0;
  while (Atomics.load(slots, ${GENERATION}) === seen) {
    if (++spin > spins) { Atomics.wait(slots, ${GENERATION}, seen); spin = 0; }
  }
  seen = Atomics.load(slots, ${GENERATION});
  if (seen < 0) break;
  const count = slots[${COUNT}];
  const call = [];
  for (let k = 0; k < count; k++) call.push(values[k]);
  instance.exports[names[slots[${FUNCTION}]]](...call);
  Atomics.store(slots, ${DONE}, seen);
  Atomics.notify(slots, ${DONE});
}
`;

/** A worker_threads worker: its data comes as workerData. */
const nodeSource = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, args, names, spins } = workerData;
${serve}`;

/** A Web Worker: its data comes as the first message (the module and the shared memory). */
const pageSource = `
self.onmessage = (event) => {
  self.onmessage = null;
  const { module, memory, control, args, names, spins } = event.data;
  ${serve}
};`;

interface NodeWorker {
  unref(): void;
  terminate(): Promise<number>;
}

/** What the pool uses of a worker of either kind. */
interface AnyWorker {
  terminate(): unknown;
}

interface WebWorker extends AnyWorker {
  postMessage(data: unknown): void;
  onerror: ((event: { message?: string }) => void) | null;
}

interface PageWorkers {
  Worker: new (url: string) => WebWorker;
  Blob: new (parts: string[], options: { type: string }) => object;
  URL: { createObjectURL(blob: object): string; revokeObjectURL(url: string): void };
}

interface WorkerThreads {
  Worker: new (source: string, options: { eval: true; workerData: unknown }) => NodeWorker;
}

/** worker_threads where this is Node (≥ 20.16 has getBuiltinModule), else undefined. */
function workerThreads(): WorkerThreads | undefined {
  const process = (globalThis as { process?: { getBuiltinModule?: (name: string) => unknown } })
    .process;
  return process?.getBuiltinModule?.('node:worker_threads') as WorkerThreads | undefined;
}

/** Web Workers where this is a cross-origin isolated page (or a worker of one), else undefined. */
function pageWorkers(): PageWorkers | undefined {
  const scope = globalThis as unknown as Partial<PageWorkers> & { crossOriginIsolated?: boolean };
  const { Worker, Blob, URL } = scope;
  if (scope.crossOriginIsolated !== true || Worker === undefined || Blob === undefined) return;
  if (typeof URL?.createObjectURL !== 'function') return;
  return { Worker, Blob, URL };
}

/**
 * True where this build can run a pool: a shared wasm memory, and Node's worker_threads or
 * the Web Workers of a cross-origin isolated page.
 */
export function threadsSupported(kernels: WasmKernels): boolean {
  return kernels.shared && (workerThreads() !== undefined || pageWorkers() !== undefined);
}

interface Slot {
  readonly worker: AnyWorker;
  readonly slots: Int32Array;
  readonly values: Float64Array;
  generation: number;
}

/** A pool of `size − 1` workers; the main thread is the size-th. */
export class Pool {
  readonly #slots: Slot[] = [];
  /** False on a page's main thread, which may not block: joins and barriers only spin. */
  readonly blocking: boolean;
  /** The Blob URL of the page workers' source, revoked on close. */
  readonly #url: string | undefined;
  readonly #page: PageWorkers | undefined;
  #started = false;
  /** Why a page's worker could not start (a script the page's policy refused), or null. */
  failure: string | null = null;

  constructor(
    kernels: WasmKernels,
    readonly size: number,
  ) {
    const threads = workerThreads();
    const page = threads === undefined ? pageWorkers() : undefined;
    if ((threads === undefined && page === undefined) || !kernels.shared)
      throw new Error('internal: no threads here');
    this.#page = page;
    this.blocking = !onPage();
    this.#url =
      page === undefined
        ? undefined
        : page.URL.createObjectURL(new page.Blob([pageSource], { type: 'text/javascript' }));
    for (let k = 1; k < size; k++) {
      const control = new SharedArrayBuffer(32);
      const args = new SharedArrayBuffer(MAX_ARGS * 8);
      const data = {
        module: kernels.module,
        memory: kernels.memory,
        control,
        args,
        names: poolFunctions,
        spins: SPINS,
      };
      let worker: AnyWorker;
      if (threads !== undefined) {
        const node = new threads.Worker(nodeSource, { eval: true, workerData: data });
        node.unref();
        worker = node;
      } else {
        const web = new page!.Worker(this.#url!);
        web.onerror = (event) => {
          this.failure ??= event.message ?? 'the worker script did not load';
        };
        web.postMessage(data);
        worker = web;
      }
      this.#slots.push({
        worker,
        slots: new Int32Array(control),
        values: new Float64Array(args),
        generation: 0,
      });
    }
  }

  /**
   * True once work can be handed out. Node's main thread can block until a starting worker
   * picks its job up, so there the pool is ready at once; a page's main thread can only spin,
   * so there it waits until every worker has instantiated the kernels.
   */
  ready(): boolean {
    if (this.#started || this.#page === undefined) return true;
    if (this.failure !== null) return false;
    this.#started = this.#slots.every((slot) => Atomics.load(slot.slots, READY) === 1);
    return this.#started;
  }

  /**
   * Runs `fn(...args(k))` on worker k − 1 for k = 1 … size − 1 and `main()` here, and returns
   * when all have finished.
   */
  run(fn: PoolFunction, args: (thread: number) => readonly number[], main: () => void): void {
    const index = poolFunctions.indexOf(fn);
    this.#slots.forEach((slot, k) => {
      const values = args(k + 1);
      slot.values.set(values);
      Atomics.store(slot.slots, FUNCTION, index);
      Atomics.store(slot.slots, COUNT, values.length);
      slot.generation++;
      Atomics.store(slot.slots, GENERATION, slot.generation);
      Atomics.notify(slot.slots, GENERATION);
    });
    main();
    for (const slot of this.#slots) {
      let spin = 0;
      for (;;) {
        const done = Atomics.load(slot.slots, DONE);
        if (done === slot.generation) break;
        // Sleep in short slices once spinning has not paid off (the worker notifies when
        // done); a page's main thread may not sleep and keeps spinning.
        if (++spin > SPINS && this.blocking) Atomics.wait(slot.slots, DONE, done, 1);
      }
    }
  }

  /** Stops the workers. */
  close(): void {
    for (const slot of this.#slots) {
      Atomics.store(slot.slots, GENERATION, -1);
      Atomics.notify(slot.slots, GENERATION);
      void slot.worker.terminate();
    }
    this.#slots.length = 0;
    if (this.#url !== undefined) this.#page?.URL.revokeObjectURL(this.#url);
  }
}
