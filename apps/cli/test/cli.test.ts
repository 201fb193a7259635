// The unroll command, spawned as a real process: each command, resume exactness, Ctrl-C, and
// every user error as one clear line with a non-zero exit and no stack trace.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url).pathname;
const main = new URL('../src/main.ts', import.meta.url).pathname;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function unroll(
  args: string[],
  options: { onStdout?: (text: string, child: ReturnType<typeof spawn>) => void } = {},
): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=@unroll/source', main, ...args],
      { cwd: root },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      options.onStdout?.(stdout, child);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const text = 'the quick brown fox jumps over the lazy dog. '.repeat(40);
const folder = () => mkdtemp(join(tmpdir(), 'unroll-cli-'));
const losses = (run: Run) =>
  run.stdout
    .trim()
    .split('\n')
    .map((line) => {
      const { step, loss, gradNorm } = JSON.parse(line) as {
        step: number;
        loss: number;
        gradNorm: number;
      };
      return { step, loss, gradNorm };
    });
const small = ['--hidden', '16', '--seq-len', '8', '--batch', '4', '--log-format', 'json'];

function expectUserError(run: Run, message: RegExp): void {
  expect(run.code).not.toBe(0);
  expect(run.stderr).toMatch(message);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  expect(
    run.stderr
      .trim()
      .split('\n')
      .filter((line) => !line.startsWith('(run with --help')).length,
  ).toBe(1);
}

describe('unroll', () => {
  it('lists its commands', async () => {
    const run = await unroll(['--help']);
    expect(run.code).toBe(0);
    for (const command of ['demo', 'train', 'sample']) expect(run.stdout).toContain(command);
  });

  it('trains on a text file, logging JSON per step, and saves a checkpoint to sample from', async () => {
    const dir = await folder();
    const data = join(dir, 'data.txt');
    const model = join(dir, 'model.safetensors');
    await writeFile(data, text);
    const run = await unroll(['train', '--data', data, '--steps', '6', '--save', model, ...small]);
    expect(run.code).toBe(0);
    const logged = losses(run);
    expect(logged.map((entry) => entry.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(logged.every((entry) => Number.isFinite(entry.loss))).toBe(true);
    expect(run.stderr).toContain(`checkpoint saved to ${model}`);
    const sampleArgs = [
      'sample',
      '--model',
      model,
      '--length',
      '20',
      '--prime',
      'the ',
      '--seed',
      '3',
    ];
    const sample = await unroll(sampleArgs);
    expect(sample.code).toBe(0);
    expect(sample.stdout.startsWith('the ')).toBe(true);
    expect(sample.stdout.trimEnd().length).toBe(24);
    // The same seed gives the same text.
    expect((await unroll(sampleArgs)).stdout).toBe(sample.stdout);
  });

  it('resumes to exactly the losses of a run that never stopped', async () => {
    const dir = await folder();
    const data = join(dir, 'data.txt');
    await writeFile(data, text);
    const straight = await unroll([
      'train',
      '--data',
      data,
      '--steps',
      '8',
      '--save',
      join(dir, 'a.safetensors'),
      ...small,
      '--layers',
      '2',
    ]);
    const first = await unroll([
      'train',
      '--data',
      data,
      '--steps',
      '4',
      '--save',
      join(dir, 'b.safetensors'),
      ...small,
      '--layers',
      '2',
    ]);
    const second = await unroll([
      'train',
      '--data',
      data,
      '--steps',
      '8',
      '--resume',
      join(dir, 'b.safetensors'),
      '--save',
      join(dir, 'b.safetensors'),
      '--log-format',
      'json',
    ]);
    expect(second.code).toBe(0);
    expect([...losses(first), ...losses(second)]).toEqual(losses(straight));
  });

  it('saves a checkpoint and exits cleanly on Ctrl-C', async () => {
    const dir = await folder();
    const data = join(dir, 'data.txt');
    const model = join(dir, 'model.safetensors');
    await writeFile(data, text);
    let sent = false;
    const run = await unroll(
      ['train', '--data', data, '--steps', '100000', '--save', model, ...small],
      {
        onStdout: (output, child) => {
          if (!sent && output.includes('"step":3,')) {
            sent = true;
            child.kill('SIGINT');
          }
        },
      },
    );
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(/interrupted at step \d+ .*checkpoint saved to/);
    const resumed = await unroll(['sample', '--model', model, '--length', '5']);
    expect(resumed.code).toBe(0);
  });

  it('trains on a synthetic task and reports against the baseline', async () => {
    const run = await unroll([
      'train',
      '--task',
      'adding',
      '--steps',
      '20',
      '--hidden',
      '8',
      '--batch',
      '64',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^adding problem \(length 30\): test MSE \d\.\d{4} \(trivial baseline 0\.167\)\n$/,
    );
  });

  it.each([
    [
      'copy',
      /^copy task \(5 symbols after a delay of 10\): recall accuracy \d+\.\d% \(chance 12\.5%\)$/,
    ],
    ['brackets', /^balanced brackets \(length ≤ 16\): test accuracy \d+\.\d% /],
    ['addition', /^addition \(up to 2 digits, "12\+34" → "46"\): exact answers \d+\.\d% /],
    ['sine', /^noisy sine \(next value after 20\): test MSE \d\.\d{4} /],
  ])('runs the %s task end to end', async (task, report) => {
    const args = ['train', '--task', task, '--steps', '3', '--hidden', '8', '--batch', '32'];
    const run = await unroll([...args, '--cell', 'gru']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim()).toMatch(report);
  });
});

describe('user errors: one line, non-zero exit, no stack trace', () => {
  it('a missing, empty or binary data file', async () => {
    const dir = await folder();
    expectUserError(
      await unroll(['train', '--data', join(dir, 'missing.txt')]),
      /^unroll: --data must name a readable text file, got .*missing\.txt \(no such file\)\.$/m,
    );
    await writeFile(join(dir, 'empty.txt'), '');
    expectUserError(
      await unroll(['train', '--data', join(dir, 'empty.txt')]),
      /--data must name a non-empty text file, got .*empty\.txt \(empty\)\./,
    );
    await writeFile(join(dir, 'binary.bin'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    expectUserError(await unroll(['train', '--data', join(dir, 'binary.bin')]), /it looks binary/);
  });

  it('runs on the backend and threads it is given', async () => {
    const run = await unroll([
      '--backend',
      'wasm',
      '--threads',
      '2',
      'demo',
      '--steps',
      '3',
      '--save',
      join(await folder(), 'd.safetensors'),
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr + run.stdout).toContain('Done after 3 steps');
    expectUserError(
      await unroll(['--backend', 'tpu', 'demo']),
      /option '--backend <name>' argument 'tpu' is invalid\. Allowed choices are wasm, cpu\./,
    );
    expectUserError(
      await unroll(['--backend', 'cpu', '--threads', '2', 'demo']),
      /--threads needs the wasm backend; cpu runs on one thread\./,
    );
  });

  it('a bad flag value', async () => {
    expectUserError(
      await unroll(['train', '--data', 'x.txt', '--hidden', 'abc']),
      /option '--hidden <n>' argument 'abc' is invalid\. expected a positive integer, got 'abc'\./,
    );
    expectUserError(
      await unroll(['train', '--data', 'x.txt', '--cell', 'transformer']),
      /argument 'transformer' is invalid\. Allowed choices are lstm, gru, rnn\./,
    );
    expectUserError(
      await unroll(['train']),
      /train needs exactly one of --data <file> and --task <name>\./,
    );
  });

  it('flags the chosen mode would ignore', async () => {
    expectUserError(
      await unroll(['train', '--task', 'sine', '--save', 'x.safetensors']),
      /--task trains, reports and saves nothing, so --save cannot be used with it\./,
    );
    expectUserError(
      await unroll([
        'train',
        '--data',
        'x.txt',
        '--resume',
        'm.safetensors',
        '--hidden',
        '8',
        '--seq-len',
        '4',
      ]),
      /--resume continues the run as the checkpoint configured it, so --hidden, --seq-len cannot be changed; drop them\./,
    );
  });

  it('a corrupt, a truncated or a foreign checkpoint', async () => {
    const dir = await folder();
    await writeFile(join(dir, 'garbage.safetensors'), 'definitely not a checkpoint at all');
    expectUserError(
      await unroll(['sample', '--model', join(dir, 'garbage.safetensors')]),
      /^unroll: --model: loadCheckpoint: .*garbage\.safetensors is not a valid checkpoint/m,
    );
    const data = join(dir, 'data.txt');
    const model = join(dir, 'model.safetensors');
    await writeFile(data, text);
    await unroll(['train', '--data', data, '--steps', '1', '--save', model, ...small]);
    const bytes = await readFile(model);
    await writeFile(join(dir, 'truncated.safetensors'), bytes.subarray(0, bytes.length - 10));
    expectUserError(
      await unroll(['sample', '--model', join(dir, 'truncated.safetensors')]),
      /truncated\.safetensors is not a valid checkpoint/,
    );
    const header = JSON.stringify({ w: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } });
    const foreign = Buffer.alloc(8 + header.length + 4);
    foreign.writeBigUInt64LE(BigInt(header.length));
    foreign.write(header, 8);
    await writeFile(join(dir, 'foreign.safetensors'), foreign);
    expectUserError(
      await unroll(['sample', '--model', join(dir, 'foreign.safetensors')]),
      /not an Unroll checkpoint/,
    );
  });
});
