// The fused sequence Function of every cell variant: gradcheck in float64 against every input,
// and equality with a loop of the unfused reference steps, with reverse order and lengths.
import { gradcheck } from '@unroll/autograd';
import { Generator, select, stack, tensor, uniform, where, type Tensor } from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import type { CellKernel } from '../cell-spec';
import { gruStepReference } from '../gru-cell.reference';
import { gruKernel } from '../gru-cell';
import { lstmStepReference } from '../lstm-cell.reference';
import { lstmKernel } from '../lstm-cell';
import { rnnStepReference } from '../rnn-cell.reference';
import { rnnKernel } from '../rnn-cell';
import { recordGradientNorms, sequenceFunction, type SequenceOptions } from './sequence';

const T = 4;
const N = 3;
const I = 3;
const H = 4;

interface Variant {
  name: string;
  kernel: CellKernel;
  projection?: number;
  peephole?: boolean;
  bias?: boolean;
  /** step(x, state, weights by name) → new state. */
  reference: (x: Tensor, state: Tensor[], w: Record<string, Tensor | null>) => Tensor[];
}

const lstmRef =
  (peephole: boolean, coupled: boolean) =>
  (x: Tensor, [h, c]: Tensor[], w: Record<string, Tensor | null>) =>
    lstmStepReference(x, [h!, c!], w as never, { peephole, coupled });

const variants: Variant[] = [
  {
    name: 'RNN tanh',
    kernel: rnnKernel('tanh'),
    reference: (x, [h], w) => [rnnStepReference(x, h!, w as never, 'tanh')],
  },
  {
    name: 'RNN relu',
    kernel: rnnKernel('relu'),
    reference: (x, [h], w) => [rnnStepReference(x, h!, w as never, 'relu')],
  },
  { name: 'LSTM', kernel: lstmKernel(), reference: lstmRef(false, false) },
  {
    name: 'LSTM without bias',
    kernel: lstmKernel(),
    bias: false,
    reference: lstmRef(false, false),
  },
  {
    name: 'LSTM peephole',
    kernel: lstmKernel({ peephole: true }),
    peephole: true,
    reference: lstmRef(true, false),
  },
  { name: 'LSTM coupled', kernel: lstmKernel({ coupled: true }), reference: lstmRef(false, true) },
  {
    name: 'LSTM coupled peephole',
    kernel: lstmKernel({ coupled: true, peephole: true }),
    peephole: true,
    reference: lstmRef(true, true),
  },
  {
    name: 'LSTM projection',
    kernel: lstmKernel(),
    projection: 2,
    reference: lstmRef(false, false),
  },
  {
    name: 'GRU reset-after',
    kernel: gruKernel(true),
    reference: (x, [h], w) => [gruStepReference(x, h!, w as never, true)],
  },
  {
    name: 'GRU reset-before',
    kernel: gruKernel(false),
    reference: (x, [h], w) => [gruStepReference(x, h!, w as never, false)],
  },
  {
    name: 'GRU reset-before without bias',
    kernel: gruKernel(false),
    bias: false,
    reference: (x, [h], w) => [gruStepReference(x, h!, w as never, false)],
  },
];

const generator = new Generator(21);
const random = (shape: number[]): Tensor =>
  uniform(shape, -0.8, 0.8, { dtype: 'float64', generator });

function inputsFor(variant: Variant): { tensors: (Tensor | null)[]; names: string[] } {
  const G = variant.kernel.gates;
  const R = variant.projection ?? H;
  const bias = variant.bias ?? true;
  const peepholeI = variant.peephole === true && G === 4;
  const tensors = [
    random([T, N, I]),
    random([N, R]),
    variant.kernel.hasCellState ? random([N, H]) : null,
    random([G * H, I]),
    random([G * H, R]),
    bias ? random([G * H]) : null,
    bias ? random([G * H]) : null,
    peepholeI ? random([H]) : null,
    variant.peephole === true ? random([H]) : null,
    variant.peephole === true ? random([H]) : null,
    variant.projection === undefined ? null : random([R, H]),
  ];
  const names = [
    'x',
    'h0',
    'c0',
    'weightIh',
    'weightHh',
    'biasIh',
    'biasHh',
    'peepholeI',
    'peepholeF',
    'peepholeO',
    'weightHr',
  ];
  return { tensors, names };
}

function fused(variant: Variant, tensors: (Tensor | null)[], options: SequenceOptions): Tensor[] {
  const args = [...tensors, options] as unknown as Parameters<
    ReturnType<typeof sequenceFunction>['apply']
  >;
  return sequenceFunction(variant.kernel).apply(...args);
}

function unfused(variant: Variant, tensors: (Tensor | null)[], options: SequenceOptions): Tensor[] {
  const [x, h0, c0, weightIh, weightHh, biasIh, biasHh, peepholeI, peepholeF, peepholeO, weightHr] =
    tensors;
  const weights = {
    weightIh,
    weightHh,
    biasIh,
    biasHh,
    peepholeI,
    peepholeF,
    peepholeO,
    weightHr,
  } as Record<string, Tensor | null>;
  let state = [h0!, ...(c0 === null ? [] : [c0!])];
  const outputs: Tensor[] = new Array<Tensor>(T);
  const order = Array.from({ length: T }, (_, k) => (options.reverse ? T - 1 - k : k));
  for (const t of order) {
    const next = variant.reference(x!.select(0, t), state, weights);
    const active = tensor(
      Array.from({ length: N }, (_, b) => [
        options.lengths === null || t < options.lengths[b]! ? 1 : 0,
      ]),
      { dtype: 'int32' },
    );
    state = next.map((s, k) => where(active, s, state[k]!));
    outputs[t] = where(active, next[0]!, 0);
  }
  return [stack(outputs, 0), ...state];
}

const plain: SequenceOptions = { reverse: false, lengths: null, gateNames: [] };
const ragged: SequenceOptions = {
  reverse: false,
  lengths: Int32Array.from([4, 1, 3]),
  gateNames: [],
};
const raggedReverse: SequenceOptions = { ...ragged, reverse: true };

describe.each(variants)('$name', (variant) => {
  it.each([
    ['forward', plain],
    ['reverse', { ...plain, reverse: true }],
    ['with lengths', ragged],
    ['reverse with lengths', raggedReverse],
  ] as const)('passes gradcheck in float64 against every input (%s)', (_label, options) => {
    const { tensors, names } = inputsFor(variant);
    const present = tensors.map((t, k) => [t, names[k]] as const).filter(([t]) => t !== null) as [
      Tensor,
      string,
    ][];
    const rebuild = (values: Tensor[]): (Tensor | null)[] => {
      let next = 0;
      return tensors.map((t) => (t === null ? null : values[next++]!));
    };
    const report = gradcheck(
      (...values) => fused(variant, rebuild(values), options),
      present.map(([t]) => t),
      {
        names: present.map(([, name]) => name),
      },
    );
    expect(report).toPassGradcheck();
  });

  it.each([
    ['forward', plain],
    ['reverse with lengths', raggedReverse],
  ] as const)(
    'equals the unfused reference in values and every gradient (%s)',
    (_label, options) => {
      const { tensors } = inputsFor(variant);
      const leaves = (): (Tensor | null)[] =>
        tensors.map((t) => (t === null ? null : tensor(t, { requiresGrad: true })));
      const upstream = (outputs: Tensor[]) =>
        outputs.map((o) =>
          uniform(o.shape, -1, 1, { dtype: 'float64', generator: new Generator(5) }),
        );
      const runs = [fused, unfused].map((run) => {
        const inputs = leaves();
        const outputs = run(variant, inputs, options);
        const weights = upstream(outputs);
        outputs
          .map((o, k) => o.mul(weights[k]!).sum())
          .reduce((a, b) => a.add(b))
          .backward();
        return { outputs, grads: inputs.map((t) => t?.grad ?? null) };
      });
      const [a, b] = runs as [(typeof runs)[0], (typeof runs)[0]];
      a.outputs.forEach((o, k) =>
        expect(o).toBeAllClose(b.outputs[k]!, { atol: 1e-12, rtol: 1e-10 }),
      );
      a.grads.forEach((g, k) => {
        if (g === null) expect(b.grads[k]).toBeNull();
        else expect(g).toBeAllClose(b.grads[k]!, { atol: 1e-12, rtol: 1e-10 });
      });
    },
  );
});

describe('recordGradientNorms', () => {
  it('reports ‖∂L/∂h_t‖ per step, exact at the step the loss reads', () => {
    const { tensors } = inputsFor(variants[0]!);
    const upstream = tensor(
      [
        [0.3, -0.4, 0, 0],
        [0, 0, 0, 1.2],
        [0, 0, 0, 0],
      ],
      { dtype: 'float64' },
    );
    const { records } = recordGradientNorms(() => {
      const [output] = fused(
        variants[0]!,
        tensors.map((t) => (t === null ? null : tensor(t, { requiresGrad: true }))),
        plain,
      );
      select(output!, 0, T - 1)
        .mul(upstream)
        .sum()
        .backward();
    });
    expect(records).toHaveLength(1);
    expect(records[0]!.kernel).toBe('RNNTanh');
    expect(records[0]!.norms[T - 1]).toBeCloseTo(Math.hypot(0.3, 0.4, 1.2), 12);
    expect(records[0]!.norms[0]).toBeGreaterThan(0);
    expect(records[0]!.norms[0]).toBeLessThan(records[0]!.norms[T - 1]!);
  });

  it('records nothing outside the recorder', () => {
    const { tensors } = inputsFor(variants[0]!);
    const [output] = fused(
      variants[0]!,
      tensors.map((t) => (t === null ? null : tensor(t, { requiresGrad: true }))),
      plain,
    );
    output!.sum().backward();
    expect(recordGradientNorms(() => 1).records).toEqual([]);
  });
});
