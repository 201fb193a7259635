// The gradcheck matcher: turns the report of @unroll/autograd's public gradcheck into a test
// failure that names the worst entry. Duck-typed so this package depends on no library.

/** The part of a gradcheck report the matcher reads. */
export interface GradcheckReportLike {
  passed: boolean;
  message: string;
}

/** Checks a gradcheck report; the failure message is the report's own. */
export function checkGradcheckReport(report: GradcheckReportLike): {
  pass: boolean;
  message: string;
} {
  return { pass: report.passed, message: report.message };
}
