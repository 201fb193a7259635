import { libraryConfig } from '../../tooling/build/library.config';

export default libraryConfig(
  { index: 'src/index.ts', 'node/index': 'src/node/index.ts' },
  { external: [/^node:/] },
);
