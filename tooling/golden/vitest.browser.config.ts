// The golden cases in headless Chromium on the wasm backend (Debian's chromium, driven by
// playwright; no browser download). `.ci/run` installs /usr/bin/chromium.
import { playwright } from '@vitest/browser-playwright';
import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@unroll/source'] },
  server: {
    headers: {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    },
  },
  test: {
    name: '@unroll/golden (chromium)',
    include: ['src/**/*.browser.test.ts'],
    setupFiles: ['@unroll/test-utils/setup'],
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: ['--no-sandbox', '--disable-gpu'],
        },
      }),
      instances: [{ browser: 'chromium' }],
    },
  },
});
