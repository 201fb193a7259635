// Module: parameter discovery and order, children, train/eval, zeroGrad, PyTorch-keyed state
// dicts (round trip, dtype cast, one error listing every problem, strict: false) and toString.
import { Parameter } from '@unroll/autograd';
import {
  Generator,
  ShapeError,
  Tensor,
  cast,
  mul,
  sum,
  tensor,
  uniform,
  zeros,
  type DType,
} from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import { GRUCell } from './gru-cell';
import { LSTMCell } from './lstm-cell';
import { Module } from './module';
import { RNNCell } from './rnn-cell';

const lstm = (seed: number, options: { peephole?: boolean; dtype?: DType } = {}): LSTMCell =>
  new LSTMCell({ inputSize: 3, hiddenSize: 4, generator: new Generator(seed), ...options });

/** A model with a nested module, an array of modules, a plain object and a shared parameter. */
class Tagger extends Module {
  encoder: LSTMCell;
  heads: RNNCell[];
  extra: { scale: Parameter; again: Parameter };

  constructor() {
    super();
    const generator = new Generator(3);
    this.encoder = new LSTMCell({ inputSize: 2, hiddenSize: 3, generator });
    this.heads = [
      new RNNCell({ inputSize: 3, hiddenSize: 2, bias: false, generator }),
      new RNNCell({ inputSize: 3, hiddenSize: 2, bias: false, generator }),
    ];
    const scale = new Parameter(tensor([1.5]));
    this.extra = { scale, again: scale };
  }

  protected override extraRepr(): string {
    return 'tags=2';
  }
}

const values = (t: Tensor): number[] => Array.from(t.data());

describe('Module parameters and children', () => {
  it('lists an LSTMCell parameters in declaration order, skipping absent ones', () => {
    const cell = lstm(0, { peephole: true });
    const named = cell.namedParameters();
    expect(named.map(([name]) => name)).toEqual([
      'weightIh',
      'weightHh',
      'biasIh',
      'biasHh',
      'peepholeI',
      'peepholeF',
      'peepholeO',
    ]);
    expect(named.map(([, p]) => p.shape)).toEqual([[16, 3], [16, 4], [16], [16], [4], [4], [4]]);
    expect(cell.parameters()).toEqual(named.map(([, p]) => p));
    expect(cell.parameters()[0]).toBe(cell.weightIh);
    expect(cell.parameters()[6]).toBe(cell.peepholeO);
    const plain = new LSTMCell({ inputSize: 3, hiddenSize: 4, bias: false });
    expect(plain.namedParameters().map(([name]) => name)).toEqual(['weightIh', 'weightHh']);
  });

  it('walks nested modules, arrays and plain objects, listing a shared parameter once', () => {
    const model = new Tagger();
    expect(model.namedParameters().map(([name]) => name)).toEqual([
      'encoder.weightIh',
      'encoder.weightHh',
      'encoder.biasIh',
      'encoder.biasHh',
      'heads.0.weightIh',
      'heads.0.weightHh',
      'heads.1.weightIh',
      'heads.1.weightHh',
      'extra.scale',
    ]);
    expect(model.parameters()[4]).toBe(model.heads[0]?.weightIh);
    expect(model.parameters()[8]).toBe(model.extra.scale);
  });

  it('lists direct children only, with their field paths', () => {
    const model = new Tagger();
    const children = model.children();
    expect(children.map(([name]) => name)).toEqual(['encoder', 'heads.0', 'heads.1']);
    expect(children[0]?.[1]).toBe(model.encoder);
    expect(children[2]?.[1]).toBe(model.heads[1]);
    expect(model.encoder.children()).toEqual([]);
  });

  it('train() and eval() reach every child and return the module', () => {
    const model = new Tagger();
    const everyone = (): boolean[] => [model, model.encoder, ...model.heads].map((m) => m.training);
    expect(everyone()).toEqual([true, true, true, true]);
    expect(model.eval()).toBe(model);
    expect(everyone()).toEqual([false, false, false, false]);
    model.heads[1]?.train();
    expect(everyone()).toEqual([false, false, false, true]);
    expect(model.train()).toBe(model);
    expect(everyone()).toEqual([true, true, true, true]);
    model.train(false);
    expect(everyone()).toEqual([false, false, false, false]);
  });

  it('zeroGrad clears the gradient of every parameter', () => {
    const cell = lstm(1, { peephole: true });
    const generator = new Generator(9);
    const random = (shape: number[]) => uniform(shape, -1, 1, { generator });
    const [h, c] = cell.forward(random([2, 3]), [random([2, 4]), random([2, 4])]);
    sum(h)
      .add(sum(mul(c, 0.5)))
      .backward();
    const grads = cell.parameters().map((p) => p.grad);
    expect(grads.every((g) => g instanceof Tensor)).toBe(true);
    expect(grads.every((g) => values(g as Tensor).some((v) => v !== 0))).toBe(true);
    cell.zeroGrad();
    expect(cell.parameters().map((p) => p.grad)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });
});

describe('Module.stateDict', () => {
  it('uses snake_case PyTorch keys', () => {
    expect([...lstm(0).stateDict().keys()]).toEqual([
      'weight_ih',
      'weight_hh',
      'bias_ih',
      'bias_hh',
    ]);
    expect([...lstm(0, { peephole: true }).stateDict().keys()]).toEqual([
      'weight_ih',
      'weight_hh',
      'bias_ih',
      'bias_hh',
      'peephole_i',
      'peephole_f',
      'peephole_o',
    ]);
    expect([...new Tagger().stateDict().keys()]).toEqual([
      'encoder.weight_ih',
      'encoder.weight_hh',
      'encoder.bias_ih',
      'encoder.bias_hh',
      'heads.0.weight_ih',
      'heads.0.weight_hh',
      'heads.1.weight_ih',
      'heads.1.weight_hh',
      'extra.scale',
    ]);
  });

  it('holds detached copies of the current values', () => {
    const cell = lstm(0);
    const dict = cell.stateDict();
    const weight = dict.get('weight_hh') as Tensor;
    expect(weight.requiresGrad).toBe(false);
    expect(weight.shape).toEqual([16, 4]);
    expect(values(weight)).toEqual(values(cell.weightHh));
  });
});

describe('Module.loadStateDict', () => {
  const x = uniform([2, 3], -1, 1, { generator: new Generator(5) });

  it('round-trips exactly: same values, then identical forward outputs', () => {
    const source = lstm(1, { peephole: true });
    const target = lstm(2, { peephole: true });
    expect(values(target.weightIh)).not.toEqual(values(source.weightIh));
    target.loadStateDict(source.stateDict());
    source.namedParameters().forEach(([name, p], k) => {
      const loaded = target.parameters()[k] as Parameter;
      expect(loaded.dtype, name).toBe('float32');
      expect(values(loaded), name).toEqual(values(p));
    });
    const [hA, cA] = source.forward(x);
    const [hB, cB] = target.forward(x);
    expect(values(hB)).toEqual(values(hA));
    expect(values(cB)).toEqual(values(cA));
  });

  it('round-trips through JSON and accepts a plain object', () => {
    const source = new GRUCell({ inputSize: 3, hiddenSize: 4, generator: new Generator(1) });
    const target = new GRUCell({ inputSize: 3, hiddenSize: 4, generator: new Generator(2) });
    const json = JSON.stringify(
      Object.fromEntries(
        [...source.stateDict()].map(([key, t]) => [key, { shape: t.shape, data: values(t) }]),
      ),
    );
    const parsed = JSON.parse(json) as Record<string, { shape: number[]; data: number[] }>;
    const dict = Object.fromEntries(
      Object.entries(parsed).map(([key, { shape, data }]) => [key, tensor(data).reshape(shape)]),
    );
    target.loadStateDict(dict);
    expect(values(target.forward(x))).toEqual(values(source.forward(x)));
  });

  it('casts a float64 dict into a float32 model', () => {
    const source = lstm(1, { dtype: 'float64' });
    const target = lstm(2);
    target.loadStateDict(source.stateDict());
    expect(target.weightHh.dtype).toBe('float32');
    expect(values(target.weightHh)).toEqual(Array.from(Float32Array.from(source.weightHh.data())));
    const [h64] = source.forward(cast(x, 'float64'));
    const [h32] = target.forward(x);
    expect(h32.dtype).toBe('float32');
    expect(h32).toBeAllClose(h64, { atol: 1e-6, rtol: 1e-5 });
  });

  it('lists every missing, unexpected and mis-shaped key in one error, changing nothing', () => {
    const cell = lstm(0, { peephole: true });
    const before = cell.parameters().map(values);
    const dict = cell.stateDict();
    dict.delete('bias_hh');
    dict.delete('peephole_o');
    dict.set('weight_ih', zeros([12, 3]));
    dict.set('peephole_f', zeros([5]));
    dict.set('weight_hr', zeros([2, 4]));
    const attempt = () => cell.loadStateDict(dict);
    expect(attempt).toThrow(ShapeError);
    expect(attempt).toThrow(
      'LSTMCell.loadStateDict: the state dict does not fit this LSTMCell: ' +
        'missing bias_hh, peephole_o; unexpected weight_hr; ' +
        'weight_ih has shape [12, 3] but the model expects [16, 3]; ' +
        'peephole_f has shape [5] but the model expects [4].',
    );
    try {
      attempt();
    } catch (error) {
      expect(ShapeError.isInstance(error)).toBe(true);
      expect((error as ShapeError).argument).toBe('dict');
    }
    expect(cell.parameters().map(values)).toEqual(before);
  });

  it('rejects an entry that is not a tensor', () => {
    const cell = new RNNCell({ inputSize: 2, hiddenSize: 2 });
    const dict = { ...Object.fromEntries(cell.stateDict()), bias_ih: [0, 0] as unknown as Tensor };
    expect(() => cell.loadStateDict(dict)).toThrow('bias_ih is not a Tensor');
  });

  it('with strict: false tolerates missing and unexpected keys, loading the rest', () => {
    const source = lstm(1);
    const target = lstm(2);
    const keptBias = values(target.biasHh as Parameter);
    const dict = source.stateDict();
    dict.delete('bias_hh');
    dict.set('decoder.weight', zeros([3, 3]));
    expect(() => target.loadStateDict(dict)).toThrow('missing bias_hh; unexpected decoder.weight.');
    target.loadStateDict(dict, { strict: false });
    expect(values(target.weightIh)).toEqual(values(source.weightIh));
    expect(values(target.biasIh as Parameter)).toEqual(values(source.biasIh as Parameter));
    expect(values(target.biasHh as Parameter)).toEqual(keptBias);
  });

  it('with strict: false still rejects a mis-shaped key', () => {
    const target = lstm(2);
    const before = target.parameters().map(values);
    const dict = new Map([
      ['weight_ih', zeros([16, 3])],
      ['weight_hh', zeros([16, 5])],
    ]);
    const attempt = () => target.loadStateDict(dict, { strict: false });
    expect(attempt).toThrow(ShapeError);
    expect(attempt).toThrow(
      'LSTMCell.loadStateDict: the state dict does not fit this LSTMCell: weight_hh has shape [16, 5] but the model expects [16, 4].',
    );
    expect(target.parameters().map(values)).toEqual(before);
  });

  it('rejects a GRUCell state dict given to an LSTMCell, naming each mis-shaped weight', () => {
    const gru = new GRUCell({ inputSize: 3, hiddenSize: 4 });
    const attempt = () => lstm(0).loadStateDict(gru.stateDict());
    expect(attempt).toThrow(ShapeError);
    expect(attempt).toThrow(
      'LSTMCell.loadStateDict: the state dict does not fit this LSTMCell: ' +
        'weight_ih has shape [12, 3] but the model expects [16, 3]; ' +
        'weight_hh has shape [12, 4] but the model expects [16, 4]; ' +
        'bias_ih has shape [12] but the model expects [16]; ' +
        'bias_hh has shape [12] but the model expects [16].',
    );
  });
});

describe('Module.toString', () => {
  it('summarises a cell with its options', () => {
    expect(new LSTMCell({ inputSize: 3, hiddenSize: 4, peephole: true }).toString()).toBe(
      'LSTMCell(3, 4, peephole=true)',
    );
    expect(
      new LSTMCell({ inputSize: 3, hiddenSize: 4, bias: false, coupled: true }).toString(),
    ).toBe('LSTMCell(3, 4, bias=false, coupled=true)');
    expect(new GRUCell({ inputSize: 2, hiddenSize: 5, resetAfter: false }).toString()).toBe(
      'GRUCell(2, 5, resetAfter=false)',
    );
    expect(new RNNCell({ inputSize: 2, hiddenSize: 5, nonlinearity: 'relu' }).toString()).toBe(
      "RNNCell(2, 5, nonlinearity='relu')",
    );
  });

  it('lists the children of a composite module, indented', () => {
    expect(new Tagger().toString()).toBe(
      [
        'Tagger(',
        '  tags=2',
        '  (encoder): LSTMCell(2, 3)',
        '  (heads.0): RNNCell(3, 2, bias=false)',
        '  (heads.1): RNNCell(3, 2, bias=false)',
        ')',
      ].join('\n'),
    );
  });
});
