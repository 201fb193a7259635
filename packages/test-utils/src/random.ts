// A small seeded generator for test data, independent of the library under test so that a
// bug in @unroll/tensor's RNG cannot hide inside the data used to test it.

/** A seeded source of test numbers (mulberry32). */
export interface TestRandom {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [low, high). */
  uniform(low: number, high: number): number;
  /** Integer in [low, high). */
  int(low: number, high: number): number;
  /** `count` uniform numbers in [low, high). */
  array(count: number, low?: number, high?: number): number[];
}

/** Creates a {@link TestRandom} from a 32-bit seed; the same seed gives the same numbers. */
export function testRandom(seed: number): TestRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const uniform = (low: number, high: number): number => low + (high - low) * next();
  return {
    next,
    uniform,
    int: (low, high) => Math.floor(uniform(low, high)),
    array: (count, low = -1, high = 1) => Array.from({ length: count }, () => uniform(low, high)),
  };
}
