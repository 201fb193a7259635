// The wasm backend in a browser: compiled asynchronously on the page's main thread (where
// synchronous compilation of the module is refused), picked by default once loaded, and
// passing golden cases there: an LSTM layer, a GRU with variable lengths, a training
// trajectory.
import { getBackend, loadWasm, tensor } from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
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
