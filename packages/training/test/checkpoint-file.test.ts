// Checkpoint files: atomic writes, clear errors, and crash safety with a real child process
// killed by SIGKILL in the middle of saving.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randn, tensor } from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import { loadCheckpoint, saveCheckpoint } from '../src/node';

const folder = () => mkdtemp(join(tmpdir(), 'unroll-checkpoint-'));

describe('checkpoint files', () => {
  it('save and load, leaving no temporary files behind', async () => {
    const dir = await folder();
    const path = join(dir, 'model.safetensors');
    await saveCheckpoint(path, {
      weights: new Map([['w', tensor([1, 2, 3])]]),
      metadata: { step: 1 },
    });
    await saveCheckpoint(path, {
      weights: new Map([['w', tensor([4, 5, 6])]]),
      metadata: { step: 2 },
    });
    const loaded = await loadCheckpoint(path);
    expect(loaded.metadata.step).toBe(2);
    expect(loaded.weights.get('w')).toBeAllClose([4, 5, 6]);
    expect(await readdir(dir)).toEqual(['model.safetensors']);
  });

  it('name the path for a missing, an empty and a foreign file', async () => {
    const dir = await folder();
    await expect(loadCheckpoint(join(dir, 'nope.safetensors'))).rejects.toThrow(
      /loadCheckpoint: path must name a readable checkpoint file, got .*nope\.safetensors \(no such file\)/,
    );
    await writeFile(join(dir, 'empty'), '');
    await expect(loadCheckpoint(join(dir, 'empty'))).rejects.toThrow(
      /empty is not a valid checkpoint: readSafetensors: the file must be at least 8 bytes/,
    );
    await writeFile(join(dir, 'text'), 'hello world, not a checkpoint');
    await expect(loadCheckpoint(join(dir, 'text'))).rejects.toThrow(
      /text is not a valid checkpoint/,
    );
  });

  it('never leave an unreadable file when the writer is killed mid-save', async () => {
    const dir = await folder();
    const path = join(dir, 'model.safetensors');
    await saveCheckpoint(path, { weights: new Map([['w', randn([64])]]), metadata: { step: 0 } });
    const script = join(dir, 'writer.mts');
    const source = new URL('../src/node/index.ts', import.meta.url).pathname;
    const tensorSource = new URL('../../tensor/src/index.ts', import.meta.url).pathname;
    await writeFile(
      script,
      `import { saveCheckpoint } from ${JSON.stringify(source)};
import { randn } from ${JSON.stringify(tensorSource)};
const weights = new Map([['w', randn([400000])]]);
for (let step = 1; ; step++) {
  await saveCheckpoint(${JSON.stringify(path)}, { weights, metadata: { step } });
  if (step === 1) process.stdout.write('saving\\n');
}
`,
    );
    for (let round = 0; round < 3; round++) {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', '--conditions=@unroll/source', script],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      await new Promise<void>((resolve, reject) => {
        child.stdout.once('data', () => resolve());
        child.once('exit', (code) =>
          reject(new Error(`the writer exited early with code ${code}`)),
        );
      });
      await new Promise((resolve) => setTimeout(resolve, 20 + round * 37));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      const loaded = await loadCheckpoint(path);
      expect(loaded.weights.get('w')?.shape).toEqual([400000]);
      expect(typeof loaded.metadata.step).toBe('number');
    }
  }, 60_000);
});
