// The thread pool: workers that instantiate the same kernels over the shared wasm memory and
// run one slice of a split product when the main thread asks. Fork/join goes through a small
// shared control block per worker: the main thread bumps a generation number, the worker spins
// for it (then sleeps in Atomics.wait once idle for a while, KERNELS.md: waking a sleeping
// worker costs ~60 µs, a spinning one ~0.5 µs), runs the job and stores the generation as done.
// Joins wait for equality with the target generation, never for a change. Workers are unref'd,
// so an idle pool never keeps a process alive. Node only for now (worker_threads).
import type { KernelExports, WasmKernels } from './kernels';

/** Job slots: [generation, done, function, argument count]; −1 as generation stops the worker. */
const GENERATION = 0;
const DONE = 1;
const FUNCTION = 2;
const COUNT = 3;
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

const workerSource = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, args, names, spins } = workerData;
const instance = new WebAssembly.Instance(module, { env: { memory, abort() {} } });
const slots = new Int32Array(control);
const values = new Float64Array(args);
let seen = 0;
for (;;) {
  let spin = 0;
  while (Atomics.load(slots, 0) === seen) {
    if (++spin > spins) { Atomics.wait(slots, 0, seen); spin = 0; }
  }
  seen = Atomics.load(slots, 0);
  if (seen < 0) break;
  const count = slots[3];
  const call = [];
  for (let k = 0; k < count; k++) call.push(values[k]);
  instance.exports[names[slots[2]]](...call);
  Atomics.store(slots, 1, seen);
  Atomics.notify(slots, 1);
}
`;

interface NodeWorker {
  unref(): void;
  terminate(): Promise<number>;
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

/** True where this build can run a pool (Node with a shared wasm memory). */
export function threadsSupported(kernels: WasmKernels): boolean {
  return kernels.shared && workerThreads() !== undefined;
}

interface Slot {
  readonly worker: NodeWorker;
  readonly slots: Int32Array;
  readonly values: Float64Array;
  generation: number;
}

/** A pool of `size − 1` workers; the main thread is the size-th. */
export class Pool {
  readonly #slots: Slot[] = [];

  constructor(
    kernels: WasmKernels,
    readonly size: number,
  ) {
    const threads = workerThreads();
    if (threads === undefined || !kernels.shared) throw new Error('internal: no threads here');
    for (let k = 1; k < size; k++) {
      const control = new SharedArrayBuffer(16);
      const args = new SharedArrayBuffer(MAX_ARGS * 8);
      const worker = new threads.Worker(workerSource, {
        eval: true,
        workerData: {
          module: kernels.module,
          memory: kernels.memory,
          control,
          args,
          names: poolFunctions,
          spins: SPINS,
        },
      });
      worker.unref();
      this.#slots.push({
        worker,
        slots: new Int32Array(control),
        values: new Float64Array(args),
        generation: 0,
      });
    }
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
        // Sleep in short slices once spinning has not paid off; the worker notifies when done.
        if (++spin > SPINS) Atomics.wait(slot.slots, DONE, done, 1);
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
  }
}
