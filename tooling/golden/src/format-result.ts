// The report line of one case (no Node imports: the browser test uses it too).
import type { CaseResult } from './run-case';

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
