// Seeded random numbers that are the same on every platform: xoshiro128** over 32-bit integer
// arithmetic, and a logarithm built from IEEE-exact operations only (Math.log may differ in
// the last bit between JavaScript engines), so normal samples match bit for bit everywhere.
import { ArgumentError } from './errors/argument-error';

/** A generator's full state, as plain JSON (saved in checkpoints). @category Random */
export interface GeneratorState {
  /** The four 32-bit words of xoshiro128**. */
  words: [number, number, number, number];
  /** The second normal sample of the last polar-method pair, if not yet used. */
  spare: number | null;
}

const view = new DataView(new ArrayBuffer(8));
const LN2 = 0.6931471805599453;

/**
 * Natural logarithm of a positive normal number from +, −, ×, ÷ only: split off the binary
 * exponent, then sum the atanh series of `(m − 1) / (m + 1)` for `m` in [√½, √2).
 */
function portableLog(x: number): number {
  view.setFloat64(0, x, true);
  const high = view.getUint32(4, true);
  let exponent = ((high >>> 20) & 0x7ff) - 1023;
  view.setUint32(4, (high & 0x800fffff) | (1023 << 20), true);
  let m = view.getFloat64(0, true);
  if (m > Math.SQRT2) {
    m /= 2;
    exponent += 1;
  }
  const s = (m - 1) / (m + 1);
  const s2 = s * s;
  let term = s;
  let series = 0;
  for (let k = 1; k <= 25; k += 2) {
    series += term / k;
    term *= s2;
  }
  return exponent * LN2 + 2 * series;
}

/** splitmix32: spreads a seed over the generator's words. */
function splitmix(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * A seedable source of random numbers (xoshiro128**). The same seed gives the same numbers
 * on every platform and JavaScript engine.
 * @example
 * ```ts
 * const generator = new Generator(42);
 * randn([2, 3], { generator });
 * ```
 * @see torch.Generator
 * @category Random
 */
export class Generator {
  #words: [number, number, number, number] = [0, 0, 0, 0];
  #spare: number | null = null;

  /** @param seed - any safe integer (default 0) */
  constructor(seed = 0) {
    this.manualSeed(seed);
  }

  /** Resets the generator to the start of `seed`'s sequence. */
  manualSeed(seed: number): this {
    if (!Number.isSafeInteger(seed)) {
      throw new ArgumentError(`Generator.manualSeed: seed must be a safe integer, got ${seed}.`, {
        argument: 'seed',
      });
    }
    const next = splitmix((seed >>> 0) ^ Math.imul(Math.floor(seed / 4294967296), 0x27d4eb2f));
    this.#words = [next(), next(), next(), next()];
    if (this.#words.every((word) => word === 0)) this.#words[0] = 1;
    this.#spare = null;
    return this;
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const w = this.#words;
    const result = Math.imul(rotl(Math.imul(w[1], 5), 7), 9) >>> 0;
    const t = (w[1] << 9) >>> 0;
    w[2] ^= w[0];
    w[3] ^= w[1];
    w[1] ^= w[2];
    w[0] ^= w[3];
    w[2] ^= t;
    w[3] = rotl(w[3], 11);
    for (let k = 0; k < 4; k++) w[k] = (w[k] ?? 0) >>> 0;
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  nextFloat64(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** Uniform in [0, 1) with 24 random bits: exact in float32, never rounds up to 1. */
  nextFloat32(): number {
    return (this.nextUint32() >>> 8) / 16777216;
  }

  /** A standard normal sample (Marsaglia's polar method). */
  nextNormal(): number {
    if (this.#spare !== null) {
      const spare = this.#spare;
      this.#spare = null;
      return spare;
    }
    for (;;) {
      const u = 2 * this.nextFloat64() - 1;
      const v = 2 * this.nextFloat64() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const factor = Math.sqrt((-2 * portableLog(s)) / s);
        this.#spare = v * factor;
        return u * factor;
      }
    }
  }

  /** A uniform integer in `[low, high)`, without modulo bias. */
  nextInt(low: number, high: number): number {
    const range = high - low;
    if (
      !Number.isSafeInteger(low) ||
      !Number.isSafeInteger(high) ||
      range < 1 ||
      range > 4294967296
    ) {
      throw new ArgumentError(
        `Generator.nextInt: low and high must be integers with low < high and high − low ≤ 2^32, got low ${low} and high ${high}.`,
        { argument: 'high' },
      );
    }
    const limit = 4294967296 - (4294967296 % range);
    let value = this.nextUint32();
    while (value >= limit) value = this.nextUint32();
    return low + (value % range);
  }

  /** The full state, to save and restore with {@link Generator.setState}. */
  getState(): GeneratorState {
    return { words: [...this.#words], spare: this.#spare };
  }

  /** Restores a state from {@link Generator.getState}. */
  setState(state: GeneratorState): void {
    const valid =
      Array.isArray(state.words) &&
      state.words.length === 4 &&
      state.words.every((word) => Number.isInteger(word) && word >= 0 && word < 4294967296) &&
      (state.spare === null || typeof state.spare === 'number');
    if (!valid) {
      throw new ArgumentError(
        `Generator.setState: state must be { words: four 32-bit unsigned integers, spare: number | null }, got ${JSON.stringify(state)}.`,
        { argument: 'state' },
      );
    }
    this.#words = [...state.words];
    this.#spare = state.spare;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** The generator random ops use when none is passed. @category Random */
export const defaultGenerator: Generator = new Generator(0);

/**
 * Seeds the default generator, making every following random op repeatable.
 * @see torch.manual_seed
 * @category Random
 */
export function manualSeed(seed: number): void {
  defaultGenerator.manualSeed(seed);
}

/** Exposed for tests of the portable logarithm. @internal */
export const internalPortableLog = portableLog;
