// The tsup settings every library shares: ESM for every platform, type declarations,
// sourcemaps, the composite-free tsconfig.build.json. A package passes its entries.
import { defineConfig, type Options } from 'tsup';

/** A library's build: `entry` as tsup takes it (default `src/index.ts`), plus any overrides. */
export function libraryConfig(entry: Options['entry'] = ['src/index.ts'], overrides: Options = {}) {
  return defineConfig({
    entry,
    format: ['esm'],
    dts: true,
    sourcemap: true,
    clean: true,
    platform: 'neutral',
    target: 'es2022',
    tsconfig: 'tsconfig.build.json',
    ...overrides,
  });
}
