// Reading a user's text file: missing, empty and binary files are user errors with one clear
// line each.
import { readFileSync } from 'node:fs';
import { UserError } from './user-error';

/** Reads a UTF-8 text file for training, or explains why it can't be used. */
export function readTextFile(path: string, flag = '--data'): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a folder'
          : String(code ?? error);
    throw new UserError(`${flag} must name a readable text file, got ${path} (${reason}).`);
  }
  if (bytes.length === 0)
    throw new UserError(`${flag} must name a non-empty text file, got ${path} (empty).`);
  if (bytes.includes(0))
    throw new UserError(
      `${flag} must name a text file, got ${path} (it looks binary: it contains NUL bytes).`,
    );
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UserError(
      `${flag} must name a UTF-8 text file, got ${path} (it is not valid UTF-8).`,
    );
  }
}
