// The wasm backend's fused sequences against the float64 driver (the oracle), for every cell
// variant: outputs, final states, every gradient, gradient norms and traces, with reverse
// order and variable lengths, at sizes that exercise the kernels' edges (H not a multiple of
// 4, batch rows beyond a 4-row block, K beyond one packed chunk), on one thread and on two.
import {
  Generator,
  getBackend,
  setBackend,
  setThreads,
  tensor,
  uniform,
  WasmBackend,
  type Tensor,
} from '@unroll/tensor';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { noGrad } from '@unroll/autograd';
import type { CellKernel } from '../cell-spec';
import { gruKernel } from '../gru-cell';
import { lstmKernel } from '../lstm-cell';
import { rnnKernel } from '../rnn-cell';
import {
  recordGradientNorms,
  sequenceFunction,
  type SequenceOptions,
  type SequenceTrace,
} from './sequence';

interface Variant {
  name: string;
  kernel: CellKernel;
  gateNames: string[];
  peephole?: boolean;
  projection?: number;
  bias?: boolean;
  I?: number;
}

const variants: Variant[] = [
  { name: 'RNN tanh', kernel: rnnKernel('tanh'), gateNames: ['h'] },
  { name: 'RNN relu', kernel: rnnKernel('relu'), gateNames: ['h'] },
  { name: 'LSTM', kernel: lstmKernel(), gateNames: ['i', 'f', 'g', 'o'] },
  { name: 'LSTM, input wider than a packed chunk', kernel: lstmKernel(), gateNames: [], I: 300 },
  { name: 'LSTM, one input feature', kernel: lstmKernel(), gateNames: [], I: 1 },
  { name: 'GRU, three input features', kernel: gruKernel(true), gateNames: [], I: 3 },
  { name: 'LSTM without bias', kernel: lstmKernel(), gateNames: [], bias: false },
  {
    name: 'LSTM peephole',
    kernel: lstmKernel({ peephole: true }),
    gateNames: ['i', 'f', 'g', 'o'],
    peephole: true,
  },
  { name: 'LSTM coupled', kernel: lstmKernel({ coupled: true }), gateNames: ['f', 'g', 'o'] },
  {
    name: 'LSTM coupled peephole',
    kernel: lstmKernel({ coupled: true, peephole: true }),
    gateNames: ['f', 'g', 'o'],
    peephole: true,
  },
  { name: 'LSTM projection', kernel: lstmKernel(), gateNames: ['i', 'f', 'g', 'o'], projection: 3 },
  { name: 'GRU reset-after', kernel: gruKernel(true), gateNames: ['r', 'z', 'n'] },
  { name: 'GRU reset-before', kernel: gruKernel(false), gateNames: ['r', 'z', 'n'] },
  { name: 'GRU reset-before without bias', kernel: gruKernel(false), gateNames: [], bias: false },
];

interface Sizes {
  T: number;
  N: number;
  H: number;
}

function inputsFor(
  variant: Variant,
  { T, N, H }: Sizes = { T: 6, N: 6, H: 5 },
  table?: number,
): Tensor[] {
  const generator = new Generator(7);
  // Weights at PyTorch's initial scale, U(±1/√H), where H is large enough for it to matter: with
  // ±0.9 a wide RNN saturates and float32 rounding, not the kernels, sets the error.
  const scale = H > 16 ? 1 / Math.sqrt(H) : 0.9;
  const weight = (shape: number[]): Tensor =>
    uniform(shape, -scale, scale, { dtype: 'float64', generator });
  const random = (shape: number[]): Tensor =>
    uniform(shape, -0.9, 0.9, { dtype: 'float64', generator });
  const G = variant.kernel.gates;
  const I = variant.I ?? 7;
  const R = variant.projection ?? H;
  const bias = variant.bias ?? true;
  const peephole = variant.peephole === true;
  return [
    random(table === undefined ? [T, N, I] : [table, I]),
    random([N, R]),
    variant.kernel.hasCellState ? random([N, H]) : null,
    weight([G * H, I]),
    weight([G * H, R]),
    bias ? weight([G * H]) : null,
    bias ? weight([G * H]) : null,
    peephole && G === 4 ? random([H]) : null,
    peephole ? random([H]) : null,
    peephole ? random([H]) : null,
    variant.projection === undefined ? null : weight([R, H]),
  ] as Tensor[];
}

interface Run {
  outputs: Tensor[];
  grads: (Tensor | null)[];
  norms: Float64Array;
  trace: SequenceTrace | undefined;
}

function run(
  variant: Variant,
  backend: string,
  dtype: 'float32' | 'float64',
  options: SequenceOptions,
  sizes?: Sizes,
  table?: number,
): Run {
  setBackend(backend);
  const inputs = inputsFor(variant, sizes, table).map((t) =>
    t === null ? null : tensor(t, { dtype, requiresGrad: true }),
  );
  let trace: SequenceTrace | undefined;
  const { result: outputs, records } = recordGradientNorms(() => {
    const args = [...inputs, { ...options, onTrace: (t: SequenceTrace) => (trace = t) }];
    const outputs = sequenceFunction(variant.kernel).apply(
      ...(args as Parameters<ReturnType<typeof sequenceFunction>['apply']>),
    );
    const generator = new Generator(3);
    outputs
      .map((o) => o.mul(uniform(o.shape, -1, 1, { dtype: 'float64', generator }).to(dtype)).sum())
      .reduce((a, b) => a.add(b))
      .backward();
    return outputs;
  });
  return { outputs, grads: inputs.map((t) => t?.grad ?? null), norms: records[0]!.norms, trace };
}

const tolerance = { atol: 2e-5, rtol: 1e-4 };

/** The wasm run's outputs and every gradient against the oracle's (absent ones on both sides). */
function expectSameRun(wasm: Run, oracle: Run): void {
  wasm.outputs.forEach((o, k) => expect(o).toBeAllClose(oracle.outputs[k]!, tolerance));
  wasm.grads.forEach((g, k) => {
    if (g === null) expect(oracle.grads[k]).toBeNull();
    else expect.soft(g, `gradient of input ${k}`).toBeAllClose(oracle.grads[k]!, tolerance);
  });
}

/** The wasm run's traced gates (by name) and h against the oracle's. */
function expectSameTrace(wasm: Run, oracle: Run, gateNames: readonly string[]): void {
  for (const name of gateNames) {
    expect(tensor(wasm.trace!.gates[name]!)).toBeAllClose(
      tensor(oracle.trace!.gates[name]!),
      tolerance,
    );
  }
  expect(tensor(wasm.trace!.h)).toBeAllClose(tensor(oracle.trace!.h), tolerance);
}
const cases: [string, SequenceOptions][] = [
  ['forward', { reverse: false, lengths: null, gateNames: [] }],
  [
    'reverse with lengths',
    { reverse: true, lengths: Int32Array.from([6, 1, 3, 6, 2, 5]), gateNames: [] },
  ],
];

afterEach(() => {
  setBackend('cpu');
  vi.restoreAllMocks();
});

describe.each(variants)('wasm fused $name', (variant) => {
  it.each(cases)('matches the float64 driver (%s)', (_label, base) => {
    const options = { ...base, gateNames: variant.gateNames };
    const oracle = run(variant, 'cpu', 'float64', options);
    const fused = new WasmBackend().recurrent;
    setBackend('wasm');
    const spy = vi.spyOn(getBackend().recurrent!, 'forward');
    const wasm = run(variant, 'wasm', 'float32', options);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(fused.supports(variant.kernel.cell!, 'float32')).toBe(true);
    expectSameRun(wasm, oracle);
    expect(tensor(wasm.norms)).toBeAllClose(tensor(oracle.norms), tolerance);
    expectSameTrace(wasm, oracle, variant.gateNames);
    if (oracle.trace!.c !== null)
      expect(tensor(wasm.trace!.c!)).toBeAllClose(tensor(oracle.trace!.c), tolerance);
  });
});

describe.each(variants)('wasm fused $name with a batch-first output', (variant) => {
  it('matches the float64 driver, T ≠ N, with lengths', () => {
    const sizes = { T: 5, N: 3, H: 5 };
    const lengths = Int32Array.from([2, 5, 4]);
    const options = { reverse: false, lengths, gateNames: variant.gateNames, batchFirst: true };
    const oracle = run(variant, 'cpu', 'float64', options, sizes);
    const wasm = run(variant, 'wasm', 'float32', options, sizes);
    expect(wasm.outputs[0]!.shape).toEqual([3, 5, variant.projection ?? 5]);
    expectSameRun(wasm, oracle);
    expectSameTrace(wasm, oracle, variant.gateNames);
  });
});

describe.each(variants)('wasm fused $name reading a table by token', (variant) => {
  // 36 steps' rows: a 5-row table is projected once and gathered (folded); a 40-row one is
  // gathered first and projected per row; both sum the rows' gradients into the table.
  it.each([
    ['folded', 5],
    ['gathered', 40],
  ])('matches the float64 driver (%s)', (_label, V) => {
    const tokens = Int32Array.from({ length: 36 }, (_, r) => (r * 7 + 3) % V);
    const lengths = Int32Array.from([6, 1, 3, 6, 2, 5]);
    const options = { reverse: true, lengths, gateNames: variant.gateNames, tokens };
    const oracle = run(variant, 'cpu', 'float64', options, undefined, V);
    const wasm = run(variant, 'wasm', 'float32', options, undefined, V);
    expect(wasm.grads[0]!.shape).toEqual([V, variant.I ?? 7]);
    expectSameRun(wasm, oracle);
  });
});

describe('wasm fused activations at the extremes', () => {
  it.each(variants.filter((v) => v.I === undefined && v.bias !== false))(
    '$name saturates like the float64 driver and keeps NaN',
    (variant) => {
      // Inputs of ±300 and ±∞ drive every pre-activation far past where sigmoid and tanh are
      // flat (and past exp's range); batch row 2 reads a NaN at step 1.
      const big = [300, -300, Infinity, -Infinity, 5, -5, 0];
      const x = Float64Array.from({ length: 6 * 6 * 7 }, (_, k) => big[(k * 5) % big.length]!);
      x[(1 * 6 + 2) * 7] = NaN;
      const outputs = (backend: string, dtype: 'float32' | 'float64'): Float64Array[] => {
        setBackend(backend);
        const inputs = inputsFor(variant).map((t) => (t === null ? null : t.to(dtype)));
        inputs[0] = tensor(x, { dtype }).reshape([6, 6, 7]);
        const args = [...inputs, { reverse: false, lengths: null, gateNames: [] }];
        return sequenceFunction(variant.kernel)
          .apply(...(args as Parameters<ReturnType<typeof sequenceFunction>['apply']>))
          .map((o) => Float64Array.from(o.data()));
      };
      const oracle = outputs('cpu', 'float64');
      const wasm = outputs('wasm', 'float32');
      wasm.forEach((values, k) => {
        const expected = oracle[k]!;
        expect(values.length).toBe(expected.length);
        values.forEach((value, j) => {
          const want = expected[j]!;
          const where = `output ${k}[${j}]`;
          if (Number.isNaN(want)) expect(value, where).toBeNaN();
          else if (!Number.isFinite(want)) expect(value, where).toBe(want);
          else
            expect(Math.abs(value - want), where).toBeLessThan(1e-4 * Math.max(1, Math.abs(want)));
        });
      });
      // The NaN reached the outputs (row 2 from step 1 on), and only there.
      expect(wasm[0]!.some(Number.isNaN)).toBe(true);
      expect(wasm[0]!.filter(Number.isNaN).length).toBe(oracle[0]!.filter(Number.isNaN).length);
    },
  );
});

describe('tokens that do not fit the table', () => {
  it.each(['cpu', 'wasm'])('are refused with the range on %s', (backend) => {
    setBackend(backend);
    const variant = variants[2]!;
    const inputs = inputsFor(variant, undefined, 5).map((t) =>
      t === null ? null : t.to('float32'),
    );
    const apply = (tokens: Int32Array) => () => {
      const args = [...inputs, { reverse: false, lengths: null, gateNames: [], tokens }];
      return sequenceFunction(variant.kernel).apply(
        ...(args as Parameters<ReturnType<typeof sequenceFunction>['apply']>),
      );
    };
    expect(apply(Int32Array.from({ length: 36 }, (_, k) => (k === 7 ? 5 : 0)))).toThrow(
      'sequence: tokens must be row ids in [0, 4], got 5.',
    );
    expect(apply(new Int32Array(35))).toThrow('tokens hold T·N ids (N = 6 from h0)');
  });
});

describe('a kernel of your own on the wasm backend', () => {
  it('runs on the float64 driver when it names no built-in cell', () => {
    const { cell: _builtIn, ...rest } = lstmKernel();
    const mine: Variant = { name: 'Mine', kernel: { ...rest, name: 'MyLSTM' }, gateNames: [] };
    const options = cases[1]![1];
    const oracle = run(mine, 'cpu', 'float64', options);
    setBackend('wasm');
    const spy = vi.spyOn(getBackend().recurrent!, 'forward');
    const wasm = run(mine, 'wasm', 'float32', options);
    expect(spy).not.toHaveBeenCalled();
    wasm.outputs.forEach((o, k) => expect(o).toBeAllClose(oracle.outputs[k]!, tolerance));
  });
});

describe('wasm fused memory', () => {
  it('frees the saved activations after backward, and saves nothing without grad', () => {
    setBackend('wasm');
    const backend = getBackend() as WasmBackend;
    const variant = variants[2]!;
    const inputs = inputsFor(variant).map((t) =>
      t === null ? null : tensor(t, { dtype: 'float32', requiresGrad: true }),
    );
    const apply = (): Tensor[] =>
      sequenceFunction(variant.kernel).apply(
        ...([...inputs, cases[0]![1]] as Parameters<ReturnType<typeof sequenceFunction>['apply']>),
      );
    // The second use of the same weights keeps them packed.
    for (let k = 0; k < 2; k++) apply()[0]!.sum().backward();
    const before = backend.memory().inUse;
    const [output] = apply();
    expect(backend.memory().inUse).toBeGreaterThan(before);
    output!.sum().backward();
    expect(backend.memory().inUse).toBe(before);
    noGrad(() => apply());
    expect(backend.memory().inUse).toBe(before);
  });
});

describe('wasm fused sequences on two threads', () => {
  const named = (name: string): Variant => variants.find((v) => v.name === name)!;
  // Batches of at least 8 rows split by rows: each thread runs the whole loop on its rows. N
  // not a multiple of 4 puts a partial 4-row block at the end of the last thread's share.
  const byRows: [Variant, Sizes][] = [
    [named('LSTM'), { T: 4, N: 33, H: 92 }],
    [named('LSTM peephole'), { T: 4, N: 33, H: 92 }],
    [named('LSTM coupled'), { T: 4, N: 50, H: 92 }],
    [named('LSTM projection'), { T: 16, N: 30, H: 92 }],
    [named('GRU reset-after'), { T: 4, N: 50, H: 92 }],
    [named('GRU reset-before'), { T: 4, N: 50, H: 92 }],
    [named('RNN tanh'), { T: 4, N: 130, H: 92 }],
    [named('RNN relu'), { T: 4, N: 130, H: 92 }],
  ];
  // Fewer rows, large steps: product columns and gate units split in lockstep (2^20
  // multiply-adds per step), H not a multiple of 8 so a thread's share ends mid-panel.
  const byColumns: [Variant, Sizes][] = [
    [named('LSTM'), { T: 3, N: 6, H: 212 }],
    [named('LSTM peephole'), { T: 3, N: 6, H: 212 }],
    [named('LSTM coupled'), { T: 3, N: 7, H: 228 }],
    [named('GRU reset-after'), { T: 3, N: 6, H: 244 }],
    [named('GRU reset-before'), { T: 3, N: 6, H: 244 }],
    [named('RNN tanh'), { T: 3, N: 6, H: 420 }],
  ];
  const threaded = [
    ...byRows.map(([v, sizes]) => [`${v.name} by rows`, v, sizes] as const),
    ...byColumns.map(([v, sizes]) => [`${v.name} by columns`, v, sizes] as const),
  ];

  afterEach(() => setThreads(1));

  it.each(threaded)(
    '%s matches the float64 driver, reverse with lengths',
    (_name, variant, sizes) => {
      const lengths = Int32Array.from({ length: sizes.N }, (_, b) => 1 + ((b * 7) % sizes.T));
      const options = { reverse: true, lengths, gateNames: variant.gateNames };
      const oracle = run(variant, 'cpu', 'float64', options, sizes);
      setBackend('wasm');
      setThreads(2);
      const backend = getBackend() as WasmBackend;
      const before = backend.parallelCalls().sequences;
      const wasm = run(variant, 'wasm', 'float32', options, sizes);
      expectSameRun(wasm, oracle);
      expect(tensor(wasm.norms)).toBeAllClose(tensor(oracle.norms), tolerance);
      // The forward and the backward both ran split over the two threads.
      expect(backend.parallelCalls().sequences - before).toBe(2);
    },
  );
});
