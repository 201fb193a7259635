import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@unroll/source'] },
  ssr: { resolve: { conditions: ['@unroll/source'] } },
  test: { name: '@unroll/bench', include: ['src/**/*.test.ts'] },
});
