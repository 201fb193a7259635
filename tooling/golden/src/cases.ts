// Finding and running every case in a folder, and formatting the runner's report lines.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseGoldenCase } from './golden-case';
import { runCase, type CaseResult, type RunCaseOptions } from './run-case';

export { formatResult } from './format-result';

/** The repository's copy of the shared golden cases. */
export const DEFAULT_CASES_DIR = new URL('../cases/', import.meta.url).pathname;

/** Every `*.json` file in `directory`, sorted by name. */
export function listCases(directory: string): string[] {
  return readdirSync(directory)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => join(directory, file));
}

/** Reads and runs one case file; unreadable files become failed results. */
export function runCaseFile(path: string, options: RunCaseOptions = {}): CaseResult {
  try {
    return runCase(parseGoldenCase(readFileSync(path, 'utf8'), path), options);
  } catch (error) {
    return {
      name: path,
      passed: false,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}
