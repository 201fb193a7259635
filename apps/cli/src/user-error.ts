// Errors meant for the person at the terminal: one line, no stack trace, a non-zero exit.
import { UnrollError } from '@unroll/tensor';

/** A problem with what the user asked for (a flag, a file). */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

/** Prints an error as one line and sets the exit code; unexpected errors keep their stack. */
export function reportError(error: unknown): void {
  if (error instanceof UserError || UnrollError.isInstance(error)) {
    process.stderr.write(`unroll: ${error.message}\n`);
    process.exitCode = 1;
    return;
  }
  process.stderr.write(
    `unroll: internal error (please report it):\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 70;
}
