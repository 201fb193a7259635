import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@unroll/source'] },
  ssr: { resolve: { conditions: ['@unroll/source'] } },
  test: {
    name: '@unroll/cli',
    include: ['test/**/*.test.ts'],
    setupFiles: ['@unroll/test-utils/setup'],
    testTimeout: 60_000,
  },
});
