// Adds the custom matchers registered by @unroll/test-utils/setup (toBeAllClose,
// toPassGradcheck) to this package's vitest types.
import type { UnrollMatchers } from '@unroll/test-utils';

declare module 'vitest' {
  // The type parameter must match vitest's own declaration exactly.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-explicit-any
  interface Matchers<T = any> extends UnrollMatchers<T> {}
}
