// Finding and running every case in a folder, and formatting the runner's report lines.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseGoldenCase } from './golden-case';
import { runCase, type CaseResult, type RunCaseOptions } from './run-case';

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

/** One report line: `pass name (worst: tensor ratio …)` or `FAIL name …`. */
export function formatResult(result: CaseResult): string {
  const status = result.passed ? 'pass' : 'FAIL';
  if (result.error !== undefined) return `${status} ${result.name}: ${result.error}`;
  const worst = result.worst;
  if (worst === undefined) return `${status} ${result.name}: nothing checked`;
  return (
    `${status} ${result.name}: worst ${worst.name}[${worst.index}] ` +
    `actual ${worst.actual} expected ${worst.expected} (${(worst.ratio * 100).toPrecision(3)}% of tolerance)`
  );
}
