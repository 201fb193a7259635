// Brings the custom vitest matchers' types (toBeAllClose, toPassGradcheck) into this package.
import type {} from '@unroll/test-utils';
