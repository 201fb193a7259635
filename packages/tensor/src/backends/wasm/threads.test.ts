// The thread pool: validation, a real split product, and a process that ends on its own with
// workers alive (UNROLL_THREADS starts them).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ArgumentError,
  Generator,
  getBackend,
  getThreads,
  matmul,
  randn,
  setBackend,
  setThreads,
  type WasmBackend,
} from '../../index';
import { enableRelaxedSimd } from '../../node/index';

afterEach(() => {
  setThreads(1);
  setBackend('cpu');
});

const fixture = fileURLToPath(new URL('./__fixtures__/threads-exit.ts', import.meta.url));

function runFixture(env: Record<string, string>, file = fixture) {
  return spawnSync(process.execPath, ['--import', 'tsx', file], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('setThreads', () => {
  it('rejects a count that is not a positive integer, naming the value', () => {
    expect(() => setThreads(0)).toThrow(ArgumentError);
    expect(() => setThreads(1.5)).toThrow(
      'setThreads: threads must be a positive integer, got 1.5.',
    );
  });

  it.each([
    // 38 panels of 8 columns: split by panels.
    ['by output columns', [300, 256], [256, 300], 3],
    // A head over every step: 9 panels (the last one column wide), rows not a multiple of 4,
    // K one past a packed chunk.
    ['with few output panels by rows', [1001, 257], [257, 65], 4],
    // A weight gradient's shape: a long sum (K = 3,001, odd) into a small output, 2^21+ MACs.
    ['whose K is its longest side by K, adding the partials', [1, 40, 3001], [1, 3001, 20], 5],
  ] as const)('splits a product %s, with the one-thread result', (_how, aShape, bShape, seed) => {
    setBackend('wasm');
    const backend = getBackend() as WasmBackend;
    const generator = new Generator(seed);
    const a = randn([...aShape], { generator });
    const b = randn([...bShape], { generator });
    const exact = matmul(a.to('float64'), b.to('float64'));
    // Split first: output a thread missed would otherwise keep the one-thread result in reused
    // memory.
    setThreads(2);
    expect(getThreads()).toBe(2);
    const before = backend.parallelCalls().products;
    const split = matmul(a, b);
    expect(backend.parallelCalls().products).toBe(before + 1);
    setThreads(1);
    const single = matmul(a, b);
    expect(split).toBeAllClose(single, { atol: 1e-3, rtol: 1e-5 });
    expect(split.to('float64')).toBeAllClose(exact, { atol: 1e-3, rtol: 1e-5 });
  });

  it('lets a process with live workers exit on its own (UNROLL_THREADS=2)', () => {
    const result = runFixture({ UNROLL_THREADS: '2' });
    expect(result.error).toBeUndefined();
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout.trim())).toEqual({ threads: 2, corner: 300 });
  });

  it('refuses an UNROLL_THREADS that is not a positive integer, naming it', () => {
    const result = runFixture({ UNROLL_THREADS: 'two' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("UNROLL_THREADS must be a positive integer, got 'two'.");
  });
});

describe('enableRelaxedSimd (Node 20)', () => {
  it('picks the relaxed build when called before the first op', () => {
    const file = fileURLToPath(new URL('./__fixtures__/relaxed-simd.ts', import.meta.url));
    const result = runFixture({}, file);
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout.trim())).toEqual({
      enabled: true,
      simd: 'relaxed',
      corner: 300,
      batch1Close: true,
      tanhClose: true,
    });
  });

  it('refuses once the kernels are compiled without it, saying when to call it', () => {
    setBackend('wasm');
    matmul(randn([2, 2]), randn([2, 2]));
    if ((getBackend() as WasmBackend).simd === 'relaxed') return; // an engine with it by default
    expect(() => enableRelaxedSimd()).toThrow(
      'enableRelaxedSimd: the wasm kernels are already compiled without relaxed SIMD. Hint: call it before the first tensor operation.',
    );
  });
});
