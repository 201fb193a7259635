import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: '@unroll/repo-checks', include: ['src/**/*.test.ts'] },
});
