// Vitest setup file shared by every package: registers the custom matchers (their types are
// in matchers.ts). Packages list it in `setupFiles`.
import { expect } from 'vitest';
import { allClose, type AllCloseOptions, type Comparable } from './all-close';
import { checkGradcheckReport, type GradcheckReportLike } from './gradcheck-matcher';

expect.extend({
  toBeAllClose(received: Comparable, expected: Comparable, options?: AllCloseOptions) {
    const report = allClose(received, expected, options);
    return {
      pass: report.pass,
      message: () =>
        report.pass ? `expected values not to be all close: ${report.message}` : report.message,
    };
  },
  toPassGradcheck(received: GradcheckReportLike) {
    const report = checkGradcheckReport(received);
    return {
      pass: report.pass,
      message: () =>
        report.pass ? 'expected gradcheck to fail' : `gradcheck failed: ${report.message}`,
    };
  },
});
