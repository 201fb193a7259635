import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@unroll/source'] },
  ssr: { resolve: { conditions: ['@unroll/source'] } },
  test: {
    name: '@unroll/architectures',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    setupFiles: ['@unroll/test-utils/setup', './src/test-backend.ts'],
  },
});
