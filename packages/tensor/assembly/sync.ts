// Lockstep threads inside one fused sequence: every thread runs the same time loop on its
// share of the work (columns of a product, units of the gates) and meets the others at a
// barrier between the phases of a step. Builds without threads run one thread, and the
// barrier is then a no-op.

/**
 * Waits until `threads` threads have arrived. `at` holds three i32: the arrival count, the
 * generation, and a flag that forbids sleeping. The last to arrive resets the count and
 * advances the generation; the others spin on the generation, then sleep in short slices if a
 * thread is descheduled, unless the flag is set (a browser page's main thread may not block).
 */
export function barrier(at: usize, threads: i32): void {
  if (threads <= 1) return;
  if (ASC_FEATURE_THREADS) {
    const generation = atomic.load<i32>(at, 4);
    if (atomic.add<i32>(at, 1) == threads - 1) {
      atomic.store<i32>(at, 0);
      atomic.store<i32>(at, generation + 1, 4);
      atomic.notify(at + 4, threads);
    } else {
      let spins = 0;
      while (atomic.load<i32>(at, 4) == generation) {
        if (++spins > 200000 && atomic.load<i32>(at, 8) == 0) {
          atomic.wait<i32>(at + 4, generation, 1000000);
          spins = 0;
        }
      }
    }
  }
}

/** The first of thread `tid`'s share of `count` items, in multiples of `align`. */
// @ts-ignore: decorator
@inline
export function shareStart(count: i32, tid: i32, threads: i32, align: i32): i32 {
  if (tid == 0) return 0;
  return (((count / align) * tid) / threads) * align;
}

/** One past the last of thread `tid`'s share. */
// @ts-ignore: decorator
@inline
export function shareEnd(count: i32, tid: i32, threads: i32, align: i32): i32 {
  if (tid == threads - 1) return count;
  return shareStart(count, tid + 1, threads, align);
}

// The ROWS flag bit (codes.ts) of every sequence kernel: the threads split the batch rows
// instead of the product columns and units. Each thread then runs the whole time loop on its
// rows alone, with no barrier; per-thread partial results (peephole and projection gradients,
// norms) go to per-thread slots the caller adds up. Each kernel derives from it: its rows
// [r0, r1), its index ct among the cn threads that split columns and units (0 of 1 in rows
// mode), and its slot `part` for partial results (its tid in rows mode, else 0).

/** Thread tid's first batch row: its share in whole 4-row blocks with ROWS, else 0. */
// @ts-ignore: decorator
@inline
export function rowsStart(rows: bool, N: i32, tid: i32, threads: i32): i32 {
  return rows ? shareStart(N, tid, threads, 4) : 0;
}

/** One past thread tid's last batch row (N without ROWS). */
// @ts-ignore: decorator
@inline
export function rowsEnd(rows: bool, N: i32, tid: i32, threads: i32): i32 {
  return rows ? shareEnd(N, tid, threads, 4) : N;
}

/** Thread tid's index among the threads that split columns and units: 0 with ROWS. */
// @ts-ignore: decorator
@inline
export function columnThread(rows: bool, tid: i32): i32 {
  return rows ? 0 : tid;
}

/** How many threads split columns and units: 1 with ROWS. */
// @ts-ignore: decorator
@inline
export function columnThreads(rows: bool, threads: i32): i32 {
  return rows ? 1 : threads;
}

/** The slot of thread tid's partial results: its tid with ROWS, else 0. */
// @ts-ignore: decorator
@inline
export function partSlot(rows: bool, tid: i32): i32 {
  return rows ? tid : 0;
}
