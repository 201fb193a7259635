// `pnpm golden [DIR] [--backend NAME] [--dtype float32|float64]`: runs every golden case in
// DIR (default: the repository's copy), prints one line per case and `N passed, N failed`,
// and exits 1 if any case failed or DIR holds none.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { listBackends, setBackend } from '@unroll/tensor';
import { DEFAULT_CASES_DIR, formatResult, listCases, runCaseFile } from './cases';

function main(): number {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      backend: { type: 'string', default: 'cpu' },
      dtype: { type: 'string', default: 'float32' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log('Usage: pnpm golden [DIR] [--backend NAME] [--dtype float32|float64]');
    return 0;
  }
  if (values.dtype !== 'float32' && values.dtype !== 'float64') {
    console.error(`golden: --dtype must be float32 or float64, got ${values.dtype}`);
    return 2;
  }
  if (!listBackends().includes(values.backend)) {
    console.error(
      `golden: --backend must be one of ${listBackends().join(', ')}, got ${values.backend}`,
    );
    return 2;
  }
  setBackend(values.backend);
  // pnpm runs this script inside tooling/golden; resolve DIR against where the user typed it.
  const given = positionals[0];
  const directory =
    given === undefined ? DEFAULT_CASES_DIR : resolve(process.env.INIT_CWD ?? process.cwd(), given);
  let files: string[];
  try {
    files = listCases(directory);
  } catch (error) {
    console.error(
      `golden: cannot read ${directory}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  }
  let passed = 0;
  for (const file of files) {
    const result = runCaseFile(file, { dtype: values.dtype });
    if (result.passed) passed++;
    console.log(formatResult(result));
  }
  const failed = files.length - passed;
  console.log(`${passed} passed, ${failed} failed`);
  if (files.length === 0) console.error(`golden: no *.json cases in ${directory}`);
  return failed > 0 || files.length === 0 ? 1 : 0;
}

process.exitCode = main();
