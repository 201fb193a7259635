// Runs one golden case: builds the layer its kind and config describe, loads the stored
// weights through loadStateDict, runs forward and backward with the stored inputs and
// upstream gradients, and compares every checked tensor under the case's tolerance.
import { GRU, LSTM, RNN, type RecurrentLayer } from '@unroll/architectures';
import { tensor, type DType, type Tensor } from '@unroll/tensor';
import type { GoldenCase, GoldenTensor } from './golden-case';
import { runTrainingCase } from './run-training-case';

/** How one checked tensor compared. */
export interface TensorComparison {
  name: string;
  /** Largest `|actual − expected| / (atol + rtol·|expected|)`; ≤ 1 passes. */
  ratio: number;
  /** Where that happened, as a flat index, and the two values. */
  index: number;
  actual: number;
  expected: number;
}

/** The outcome of one case. */
export interface CaseResult {
  name: string;
  passed: boolean;
  /** Why the case could not run (unsupported kind, bad weights), when it could not. */
  error?: string;
  /** The worst tensor, when the case ran. */
  worst?: TensorComparison;
}

/** Options of {@link runCase}. */
export interface RunCaseOptions {
  /**
   * float32 (the default, with the file's tolerance) or float64 (layer kinds held to rtol 1e-10,
   * atol 1e-12; training trajectories to rtol 1e-8, atol 1e-10, as Adam's sign-like first steps
   * amplify rounding).
   */
  dtype?: 'float32' | 'float64';
}

/** Tensor names that are inputs of the layer kinds rather than parameters. */
const LAYER_INPUTS = new Set(['input', 'lengths', 'h0', 'c0', 'grad_output', 'grad_hn', 'grad_cn']);

function load(stored: GoldenTensor, dtype: DType): Tensor {
  return tensor(stored.data, { dtype: stored.dtype === 'int64' ? 'int32' : dtype }).reshape(
    stored.shape,
  );
}

function buildLayer(goldenCase: GoldenCase, dtype: DType): RecurrentLayer {
  const c = goldenCase.config;
  const common = {
    inputSize: c.inputSize as number,
    hiddenSize: c.hiddenSize as number,
    numLayers: c.numLayers as number,
    bias: c.bias as boolean,
    batchFirst: c.batchFirst as boolean,
    bidirectional: c.bidirectional as boolean,
    dtype,
  };
  switch (goldenCase.kind) {
    case 'rnn_tanh':
      return new RNN({ ...common, nonlinearity: 'tanh' });
    case 'rnn_relu':
      return new RNN({ ...common, nonlinearity: 'relu' });
    case 'lstm':
      return new LSTM({ ...common, projSize: (c.projSize as number | undefined) ?? 0 });
    case 'lstm_peephole':
      return new LSTM({ ...common, peephole: true });
    case 'lstm_cifg':
      return new LSTM({ ...common, coupled: true });
    case 'gru':
      return new GRU(common);
    case 'gru_reset_before':
      return new GRU({ ...common, resetAfter: false });
    default:
      throw new Error(`kind ${goldenCase.kind} is not supported yet`);
  }
}

/** Compares values with numpy's allclose rule, reporting the worst element. */
export function compare(
  name: string,
  actual: ArrayLike<number>,
  expected: readonly number[],
  rtol: number,
  atol: number,
): TensorComparison {
  let worst: TensorComparison = { name, ratio: 0, index: -1, actual: NaN, expected: NaN };
  if (actual.length !== expected.length) return { ...worst, ratio: Infinity };
  for (let k = 0; k < expected.length; k++) {
    const a = actual[k]!;
    const e = expected[k]!;
    const ratio = Number.isNaN(a) ? Infinity : Math.abs(a - e) / (atol + rtol * Math.abs(e));
    if (ratio > worst.ratio || worst.index < 0)
      worst = { name, ratio, index: k, actual: a, expected: e };
  }
  return worst;
}

function runLayerCase(goldenCase: GoldenCase, dtype: DType): Map<string, Tensor> {
  const stored = goldenCase.tensors;
  const checked = new Set(goldenCase.checked);
  const layer = buildLayer(goldenCase, dtype);
  const weights = new Map(
    Object.entries(stored)
      .filter(([name]) => !LAYER_INPUTS.has(name) && !checked.has(name))
      .map(([name, value]) => [name, load(value, dtype)]),
  );
  layer.loadStateDict(weights);
  const leaf = (name: string): Tensor | undefined => {
    const value = stored[name];
    if (value === undefined) return undefined;
    const t = load(value, dtype);
    t.requiresGrad = true;
    return t;
  };
  const input = leaf('input') as Tensor;
  const h0 = leaf('h0');
  const c0 = leaf('c0');
  const lengths = stored.lengths === undefined ? undefined : stored.lengths.data;
  const results = new Map<string, Tensor>();
  let output: Tensor;
  let hn: Tensor;
  let cn: Tensor | undefined;
  if (layer instanceof LSTM) {
    const state = h0 === undefined || c0 === undefined ? undefined : ([h0, c0] as const);
    [output, [hn, cn]] = layer.forward(input, state, { lengths });
  } else {
    [output, hn] = (layer as RNN | GRU).forward(input, h0, { lengths });
  }
  let loss = output
    .mul(load(stored.grad_output!, dtype))
    .sum()
    .add(hn.mul(load(stored.grad_hn!, dtype)).sum());
  if (cn !== undefined && stored.grad_cn !== undefined)
    loss = loss.add(cn.mul(load(stored.grad_cn, dtype)).sum());
  loss.backward();
  results.set('output', output).set('hn', hn);
  if (cn !== undefined) results.set('cn', cn);
  for (const [name, t] of [
    ['input', input],
    ['h0', h0],
    ['c0', c0],
  ] as const)
    if (t?.grad) results.set(`grad.${name}`, t.grad);
  for (const [key, parameter] of layer.stateParameters())
    if (parameter.grad) results.set(`grad.${key}`, parameter.grad);
  return results;
}

/** Runs one case and compares every checked tensor. Never throws: problems become a failed result. */
export function runCase(goldenCase: GoldenCase, options: RunCaseOptions = {}): CaseResult {
  const dtype = options.dtype ?? 'float32';
  const tight =
    goldenCase.kind === 'train_charlm' ? { rtol: 1e-8, atol: 1e-10 } : { rtol: 1e-10, atol: 1e-12 };
  const { rtol, atol } = dtype === 'float64' ? tight : goldenCase.tolerance;
  try {
    const results =
      goldenCase.kind === 'train_charlm'
        ? runTrainingCase(goldenCase, dtype)
        : runLayerCase(goldenCase, dtype);
    let worst: TensorComparison | undefined;
    for (const name of goldenCase.checked) {
      const actual = results.get(name);
      const expected = goldenCase.tensors[name]!;
      const comparison =
        actual === undefined
          ? { name, ratio: Infinity, index: -1, actual: NaN, expected: NaN }
          : compare(name, actual.data(), expected.data, rtol, atol);
      if (worst === undefined || comparison.ratio > worst.ratio) worst = comparison;
    }
    return { name: goldenCase.name, passed: worst !== undefined && worst.ratio <= 1, worst };
  } catch (error) {
    return {
      name: goldenCase.name,
      passed: false,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}
