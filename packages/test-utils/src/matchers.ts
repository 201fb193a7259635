// Types of the custom matchers registered by setup.ts. Packages list '@unroll/test-utils' in
// their tsconfig `types` so that `expect(x).toBeAllClose(y)` type-checks in every test.
import type { AllCloseOptions, Comparable } from './all-close';

/** The matchers Unroll adds to vitest's `expect`. */
export interface UnrollMatchers<R = unknown> {
  /** Elementwise `|actual - expected| <= atol + rtol * |expected|` (defaults atol 1e-5, rtol 1e-4). */
  toBeAllClose(expected: Comparable, options?: AllCloseOptions): R;
  /** The received gradcheck report passed. */
  toPassGradcheck(): R;
}

declare module 'vitest' {
  // The type parameter must match vitest's own declaration exactly.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-explicit-any
  interface Matchers<T = any> extends UnrollMatchers<T> {}
}
