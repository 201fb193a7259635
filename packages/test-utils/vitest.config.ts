import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@unroll/test-utils',
    include: ['src/**/*.test.ts'],
    setupFiles: ['./src/setup.ts'],
  },
});
