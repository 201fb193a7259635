// The wasm backend in a browser: compiled asynchronously on the page's main thread (where
// synchronous compilation of the module is refused), picked by default once loaded, and
// passing golden cases there: an LSTM layer, a GRU with variable lengths, a training
// trajectory; and the thread pool over Web Workers, which the page's cross-origin isolation
// (vitest.browser.config.ts sends COOP and COEP) allows.
import { LSTM, Stepper } from '@unroll/architectures';
import { noGrad } from '@unroll/autograd';
import {
  Generator,
  getBackend,
  loadWasm,
  matmul,
  randn,
  setThreads,
  tensor,
  threadsReady,
  type Tensor,
  type WasmBackend,
} from '@unroll/tensor';
import { afterEach, describe, expect, it } from 'vitest';
import gruVarlen from '../cases/gru_varlen_bidir.json?raw';
import lstm from '../cases/lstm_2layer_bidir_batchfirst.json?raw';
import training from '../cases/train_charlm_adam_clipnorm.json?raw';
import { formatResult } from './format-result';
import { parseGoldenCase } from './golden-case';
import { runCase } from './run-case';

describe('golden cases in Chromium on the wasm backend', () => {
  it('starts on cpu, then loadWasm() makes wasm the default', async () => {
    expect(typeof document).toBe('object');
    // A page's main thread may not compile the module synchronously: cpu until it is loaded.
    expect(tensor([1, 2]).add(1).toArray()).toEqual([2, 3]);
    expect(getBackend().name).toBe('cpu');
    const { relaxedSimd } = await loadWasm();
    expect(typeof relaxedSimd).toBe('boolean');
    expect(getBackend().name).toBe('wasm');
  });

  it.each([
    ['lstm_2layer_bidir_batchfirst', lstm],
    ['gru_varlen_bidir', gruVarlen],
    ['train_charlm_adam_clipnorm', training],
  ])('%s passes in float32', async (name, text) => {
    await loadWasm();
    expect(getBackend().name).toBe('wasm');
    const result = runCase(parseGoldenCase(text, name));
    expect(result.passed, formatResult(result)).toBe(true);
  });
});

describe('threads in Chromium', () => {
  afterEach(() => setThreads(1));

  it('splits products and sequences over Web Workers, with the one-thread results', async () => {
    await loadWasm();
    expect(globalThis.crossOriginIsolated).toBe(true);
    const backend = getBackend() as WasmBackend;
    const generator = new Generator(7);
    const a = randn([300, 256], { generator });
    const b = randn([256, 200], { generator });
    // Rows of a batch: each thread runs the whole loop on its rows, no barrier.
    const batch = new LSTM({ inputSize: 3, hiddenSize: 64, batchFirst: true, generator });
    const x = randn([64, 50, 3], { generator });
    // Batch 1: the threads split each step's product in lockstep, with barriers on this page's
    // main thread, which may only spin.
    const single = new LSTM({ inputSize: 256, hiddenSize: 256, generator });
    const inputs = Array.from({ length: 5 }, () => randn([1, 256], { generator }));
    const run = (): Tensor[] =>
      noGrad(() => {
        const stepper = new Stepper(single);
        const steps = inputs.map((input) => stepper.step(input));
        stepper.dispose();
        return [matmul(a, b), batch.forward(x)[0], ...steps];
      });
    const expected = run();
    setThreads(2);
    await threadsReady();
    const before = backend.parallelCalls();
    const actual = run();
    const after = backend.parallelCalls();
    expect(after.products).toBeGreaterThan(before.products);
    expect(after.sequences).toBeGreaterThan(before.sequences + inputs.length);
    actual.forEach((value, k) =>
      expect(value).toBeAllClose(expected[k]!, { atol: 1e-4, rtol: 1e-4 }),
    );
  });

  it('rejects threadsReady() when the workers cannot start, and keeps working on one thread', async () => {
    await loadWasm();
    // A worker script that does not exist stands in for a page whose policy refuses blob: workers.
    const original = URL.createObjectURL.bind(URL);
    URL.createObjectURL = () => `blob:${location.origin}/00000000-0000-4000-8000-000000000000`;
    try {
      setThreads(2);
    } finally {
      URL.createObjectURL = original;
    }
    await expect(threadsReady()).rejects.toThrow('setThreads: the Web Workers did not start');
    const backend = getBackend() as WasmBackend;
    const before = backend.parallelCalls().products;
    const a = randn([300, 256], { generator: new Generator(1) });
    expect(matmul(a, a.transpose(0, 1)).shape).toEqual([300, 300]);
    expect(backend.parallelCalls().products).toBe(before);
  });
});
