import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@unroll/source'] },
  ssr: { resolve: { conditions: ['@unroll/source'] } },
  test: {
    name: '@unroll/golden',
    include: ['src/**/*.test.ts'],
    exclude: ['src/**/*.browser.test.ts'],
    setupFiles: ['@unroll/test-utils/setup'],
  },
});
