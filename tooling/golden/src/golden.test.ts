// Every golden case (layers and training trajectories) passes in float32 under its file's
// tolerance and in float64 under far tighter ones; a kind the runner cannot run is reported as a
// failure, never skipped.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { getBackend, setBackend } from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CASES_DIR, formatResult, listCases, runCaseFile } from './cases';
import { parseGoldenCase } from './golden-case';
import { runCase } from './run-case';

const files = listCases(DEFAULT_CASES_DIR);
const kindOf = (file: string): string => parseGoldenCase(readFileSync(file, 'utf8'), file).kind;
const layerCases = files.filter((file) => kindOf(file) !== 'train_charlm');
const trainingCases = files.filter((file) => kindOf(file) === 'train_charlm');
const named = (list: string[]) => list.map((file) => [basename(file, '.json'), file]);

/** Runs `fn` with `name` as the current backend. */
function onBackend<T>(name: string, fn: () => T): T {
  const previous = getBackend().name;
  setBackend(name);
  try {
    return fn();
  } finally {
    setBackend(previous);
  }
}

describe('golden layer cases', () => {
  it('finds the cases', () => {
    expect(layerCases.length).toBeGreaterThanOrEqual(28);
  });

  it.each(layerCases.map((file) => [basename(file, '.json'), file]))(
    '%s passes in float32',
    (_name, file) => {
      const result = runCaseFile(file);
      expect(result.passed, formatResult(result)).toBe(true);
    },
  );

  it.each(layerCases.map((file) => [basename(file, '.json'), file]))(
    '%s passes in float32 on the wasm backend',
    (_name, file) => {
      const result = onBackend('wasm', () => runCaseFile(file));
      expect(result.passed, formatResult(result)).toBe(true);
    },
  );

  it.each(layerCases.map((file) => [basename(file, '.json'), file]))(
    '%s passes in float64 at rtol 1e-10',
    (_name, file) => {
      const result = runCaseFile(file, { dtype: 'float64' });
      expect(result.passed, formatResult(result)).toBe(true);
    },
  );
});

describe('golden training trajectories', () => {
  it('finds both', () => {
    expect(trainingCases.length).toBeGreaterThanOrEqual(2);
  });

  it.each(named(trainingCases))('%s passes in float32', (_name, file) => {
    const result = runCaseFile(file);
    expect(result.passed, formatResult(result)).toBe(true);
  });

  it.each(named(trainingCases))('%s passes in float32 on the wasm backend', (_name, file) => {
    const result = onBackend('wasm', () => runCaseFile(file));
    expect(result.passed, formatResult(result)).toBe(true);
  });

  it.each(named(trainingCases))('%s passes in float64 at rtol 1e-8', (_name, file) => {
    const result = runCaseFile(file, { dtype: 'float64' });
    expect(result.passed, formatResult(result)).toBe(true);
  });
});

describe('the runner', () => {
  it('counts a kind it cannot run as failed, naming it', () => {
    const file = layerCases[0] as string;
    const goldenCase = JSON.parse(readFileSync(file, 'utf8')) as { kind: string; name: string };
    goldenCase.kind = 'transformer';
    const result = runCase(parseGoldenCase(JSON.stringify(goldenCase), 'unknown kind'));
    expect(result.passed).toBe(false);
    expect(formatResult(result)).toMatch(/^FAIL \w+: kind transformer is not supported yet$/);
  });

  it('fails a case whose checked tensor was tampered with, naming the tensor', () => {
    const file = layerCases.find((f) => basename(f) === 'lstm_basic.json') as string;
    const goldenCase = JSON.parse(readFileSync(file, 'utf8')) as {
      tensors: Record<string, { data: number[] }>;
    };
    const data = goldenCase.tensors['grad.weight_hh_l0']!.data;
    data[3] = data[3]! + 1e-3;
    const result = runCase(parseGoldenCase(JSON.stringify(goldenCase), 'tampered'));
    expect(result.passed).toBe(false);
    expect(result.worst).toMatchObject({ name: 'grad.weight_hh_l0', index: 3 });
  });

  it('fails a case whose weights do not fit the layer', () => {
    const file = layerCases.find((f) => basename(f) === 'gru_basic.json') as string;
    const goldenCase = JSON.parse(readFileSync(file, 'utf8')) as { kind: string };
    goldenCase.kind = 'lstm';
    const result = runCase(parseGoldenCase(JSON.stringify(goldenCase), 'wrong kind'));
    expect(result.passed).toBe(false);
    expect(result.error).toMatch(
      /LSTM\.loadStateDict: the state dict does not fit this LSTM: .*weight_ih_l0 has shape \[12, 3\] but the model expects \[16, 3\]/,
    );
  });
});
