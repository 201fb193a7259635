// Warnings for legal but suspicious configurations (PyTorch warns about dropout with one
// layer). Each code warns once per process, through one function, so they can be filtered.

const warned = new Set<string>();
let handler: (code: string, message: string) => void = (code, message) => {
  console.warn(`[unroll ${code}] ${message}`);
};

/**
 * Emits a warning once per `code` (later calls with the same code are silent).
 * @category Errors
 */
export function warnOnce(code: string, message: string): void {
  if (warned.has(code)) return;
  warned.add(code);
  handler(code, message);
}

/**
 * Replaces where warnings go (default `console.warn`), e.g. to silence or collect them.
 * Returns the previous handler.
 * @category Errors
 */
export function setWarningHandler(
  next: (code: string, message: string) => void,
): (code: string, message: string) => void {
  const previous = handler;
  handler = next;
  return previous;
}
