// Shared test helpers for Unroll packages. Import the matchers by listing
// '@unroll/test-utils/setup' in a package's vitest setupFiles.
export { allClose } from './all-close';
export type { AllCloseOptions, AllCloseReport, ArrayLikeTensor, Comparable } from './all-close';
export { testRandom } from './random';
export type { TestRandom } from './random';
export { checkGradcheckReport } from './gradcheck-matcher';
export type { GradcheckReportLike } from './gradcheck-matcher';
export type { UnrollMatchers } from './matchers';
export { offsetOf, positions, sizeOf, thrown } from './helpers';
