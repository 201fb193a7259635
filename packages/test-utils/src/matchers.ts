// Types of the custom matchers registered by setup.ts. Each package's src/test-env.d.ts adds
// them to its own resolution of vitest's `Matchers`, so `expect(x).toBeAllClose(y)` type-checks.
import type { AllCloseOptions, Comparable } from './all-close';

/** The matchers Unroll adds to vitest's `expect`. */
export interface UnrollMatchers<R = unknown> {
  /** Elementwise `|actual - expected| <= atol + rtol * |expected|` (defaults atol 1e-5, rtol 1e-4). */
  toBeAllClose(expected: Comparable, options?: AllCloseOptions): R;
  /** The received gradcheck report passed. */
  toPassGradcheck(): R;
}
