// Checkpoint files on disk, written atomically: a temporary file in the same folder, flushed
// to disk, then renamed over the target. A crash at any moment leaves either the old file or
// the new one, never a torn one.
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ArgumentError, FormatError } from '@unroll/tensor';
import { decodeCheckpoint, encodeCheckpoint, type Checkpoint } from '../checkpoint';

/**
 * Writes `bytes` to `path` atomically: temporary file, fsync, rename, then fsync of the folder
 * so the rename itself survives a power cut.
 * @category Checkpoints
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const folder = dirname(path);
  const temporary = join(
    folder,
    `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  const handle = await open(temporary, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
  try {
    await handle.close();
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  try {
    const directory = await open(folder, 'r');
    await directory.sync().finally(() => directory.close());
  } catch {
    // Some file systems cannot fsync a folder; the rename has happened either way.
  }
}

/**
 * Saves a checkpoint to `path` atomically (see {@link writeFileAtomic}).
 * @example
 * ```ts
 * await saveCheckpoint('run/model.safetensors', { weights: model.stateDict(), metadata: { step } });
 * ```
 * @category Checkpoints
 */
export async function saveCheckpoint(path: string, checkpoint: Checkpoint): Promise<void> {
  await writeFileAtomic(path, encodeCheckpoint(checkpoint));
}

/**
 * Reads a checkpoint file. Missing, unreadable, corrupt and foreign files give one clear error
 * naming the path.
 * @throws {ArgumentError} if the file cannot be read; {@link FormatError} if it is not a valid checkpoint
 * @category Checkpoints
 */
export async function loadCheckpoint(path: string): Promise<Checkpoint> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ArgumentError(
      `loadCheckpoint: path must name a readable checkpoint file, got ${path} (${code === 'ENOENT' ? 'no such file' : String(code ?? error)}).`,
      { argument: 'path', cause: error },
    );
  }
  try {
    return decodeCheckpoint(bytes);
  } catch (error) {
    if (FormatError.isInstance(error))
      throw new FormatError(`loadCheckpoint: ${path} is not a valid checkpoint: ${error.message}`, {
        cause: error,
      });
    throw error;
  }
}
