// Every differentiable op passes gradcheck in float64, with shapes that broadcast and a
// random non-uniform upstream gradient (gradcheck's contraction weights).
import {
  Generator,
  abs,
  add,
  broadcastTo,
  chunk,
  clamp,
  concat,
  div,
  exp,
  expand,
  flip,
  gather,
  index,
  indexAdd,
  indexSelect,
  log,
  log1p,
  logSoftmax,
  logsumexp,
  matmul,
  max,
  maximum,
  mean,
  min,
  minimum,
  mul,
  neg,
  norm,
  outer,
  pad,
  permute,
  pow,
  relu,
  reshape,
  scatterAdd,
  select,
  sigmoid,
  sign,
  slice,
  softmax,
  softmaxCrossEntropy,
  softplus,
  split,
  sqrt,
  square,
  squeeze,
  stack,
  sub,
  sum,
  tanh,
  tensor,
  transpose,
  uniform,
  unsqueeze,
  variance,
  where,
  type Tensor,
} from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import { gradcheck } from '../gradcheck';

const generator = new Generator(7);
/** float64 values uniform in [low, high). */
const u = (shape: number[], low = -2, high = 2): Tensor =>
  uniform(shape, low, high, { dtype: 'float64', generator });
/** float64 values with |x| in [0.5, 2): away from kinks at 0. */
const away = (shape: number[]): Tensor => {
  const magnitude = u(shape, 0.5, 2);
  const signs = u(shape, -1, 1).sign();
  return mul(magnitude, where(signs.equal(0), 1, signs));
};
const ints = (values: number[][] | number[]): Tensor => tensor(values, { dtype: 'int32' });

type Case = [name: string, fn: (...inputs: Tensor[]) => Tensor | Tensor[], inputs: () => Tensor[]];

const unaryCases: Case[] = [
  ['neg', (x) => neg(x), () => [u([2, 3])]],
  ['abs', (x) => abs(x), () => [away([2, 3])]],
  ['sign (zero gradient)', (x) => add(sign(x), x), () => [away([3])]],
  ['exp', (x) => exp(x), () => [u([2, 3])]],
  ['log', (x) => log(x), () => [u([2, 3], 0.5, 3)]],
  ['log1p', (x) => log1p(x), () => [u([2, 3], -0.5, 3)]],
  ['sqrt', (x) => sqrt(x), () => [u([2, 3], 0.5, 3)]],
  ['tanh', (x) => tanh(x), () => [u([2, 3])]],
  ['sigmoid', (x) => sigmoid(x), () => [u([2, 3], -6, 6)]],
  ['relu', (x) => relu(x), () => [away([2, 3])]],
  ['square', (x) => square(x), () => [u([4])]],
  ['softplus', (x) => softplus(x), () => [away([2, 3])]],
  [
    'clamp',
    (x) => clamp(x, -1, 1),
    () => [tensor([-1.7, -0.4, 0.3, 0.9, 1.6], { dtype: 'float64' })],
  ],
];

const binaryCases: Case[] = [
  ['add with broadcasting', (a, b) => add(a, b), () => [u([2, 3]), u([3])]],
  ['sub with broadcasting both ways', (a, b) => sub(a, b), () => [u([2, 1, 3]), u([4, 1])]],
  ['mul with broadcasting', (a, b) => mul(a, b), () => [u([3, 1]), u([1, 4])]],
  ['div', (a, b) => div(a, b), () => [u([2, 3]), away([2, 3])]],
  ['div by broadcast scalar tensor', (a, b) => div(a, b), () => [u([2, 3]), away([])]],
  ['pow', (a, b) => pow(a, b), () => [u([2, 3], 0.5, 2), u([3])]],
  ['maximum', (a, b) => maximum(a, b), () => [u([2, 3]), u([2, 3])]],
  ['minimum with broadcasting', (a, b) => minimum(a, b), () => [u([2, 3]), u([1, 3])]],
  ['where', (a, b) => where(ints([[1, 0, 1]]), a, b), () => [u([2, 3]), u([2, 1])]],
];

const reductionCases: Case[] = [
  ['sum over all', (x) => sum(x), () => [u([2, 3])]],
  ['sum over an axis', (x) => sum(x, 1), () => [u([2, 3, 4])]],
  ['sum over axes with keepdims', (x) => sum(x, [0, -1], true), () => [u([2, 3, 4])]],
  ['mean', (x) => mean(x, -1), () => [u([3, 4])]],
  ['max', (x) => max(x, 1), () => [u([3, 4])]],
  ['min over all', (x) => min(x), () => [u([3, 4])]],
  ['logsumexp', (x) => logsumexp(x, 1), () => [u([3, 4])]],
  ['softmax', (x) => softmax(x, 0), () => [u([3, 4])]],
  ['logSoftmax', (x) => logSoftmax(x), () => [u([3, 4])]],
  [
    'softmaxCrossEntropy',
    (x) => softmaxCrossEntropy(x, tensor([2, 0, 3], { dtype: 'int32' })),
    () => [u([3, 4])],
  ],
  [
    'softmaxCrossEntropy with label smoothing and an ignored row',
    (x) =>
      softmaxCrossEntropy(x, tensor([1, -1, 3], { dtype: 'int32' }), {
        ignoreIndex: -1,
        labelSmoothing: 0.2,
      }),
    () => [u([3, 4])],
  ],
  ['norm p=2', (x) => norm(x, 2, 1), () => [u([3, 4])]],
  ['norm p=1', (x) => norm(x, 1), () => [away([3, 4])]],
  ['norm p=Infinity', (x) => norm(x, Infinity, 0), () => [u([3, 4])]],
  ['norm p=3', (x) => norm(x, 3), () => [away([5])]],
  ['variance', (x) => variance(x, 1), () => [u([3, 4])]],
];

const matmulCases: Case[] = [
  ['matmul 2-D', (a, b) => matmul(a, b), () => [u([2, 3]), u([3, 4])]],
  [
    'matmul batched with broadcasting',
    (a, b) => matmul(a, b),
    () => [u([2, 1, 2, 3]), u([3, 3, 2])],
  ],
  ['matmul vector-matrix', (a, b) => matmul(a, b), () => [u([3]), u([3, 2])]],
  ['matmul matrix-vector', (a, b) => matmul(a, b), () => [u([2, 3]), u([3])]],
  ['matmul vector-vector', (a, b) => matmul(a, b), () => [u([3]), u([3])]],
  ['matmul transposeA', (a, b) => matmul(a, b, { transposeA: true }), () => [u([3, 2]), u([3, 4])]],
  ['matmul transposeB', (a, b) => matmul(a, b, { transposeB: true }), () => [u([2, 3]), u([4, 3])]],
  [
    'matmul both transposed, batched',
    (a, b) => matmul(a, b, { transposeA: true, transposeB: true }),
    () => [u([2, 3, 2]), u([4, 3])],
  ],
  ['outer', (a, b) => outer(a, b), () => [u([3]), u([2])]],
];

const layoutCases: Case[] = [
  ['reshape', (x) => reshape(x, [3, -1]), () => [u([2, 3])]],
  ['transpose', (x) => transpose(x), () => [u([2, 3, 4])]],
  ['permute', (x) => permute(x, [2, 0, 1]), () => [u([2, 3, 4])]],
  [
    'slice with steps and negatives',
    (x) =>
      slice(x, [
        [1, null],
        [0, null, 2],
        [-3, -1],
      ]),
    () => [u([3, 5, 4])],
  ],
  ['slice with a step past the end', (x) => slice(x, [[1, null, 3]]), () => [u([6, 2])]],
  ['select', (x) => select(x, 1, -1), () => [u([2, 3, 2])]],
  ['index', (x) => index(x, 0, [1, 3], null), () => [u([2, 4, 3])]],
  ['squeeze and unsqueeze', (x) => unsqueeze(squeeze(x), 0), () => [u([2, 1, 3])]],
  ['expand', (x) => expand(x, [4, -1, 3]), () => [u([2, 1])]],
  ['broadcastTo', (x) => broadcastTo(x, [2, 3, 4]), () => [u([3, 1])]],
  ['flip', (x) => flip(x, [0, 2]), () => [u([2, 3, 4])]],
  [
    'pad',
    (x) =>
      pad(
        x,
        [
          [1, 0],
          [0, 2],
        ],
        3,
      ),
    () => [u([2, 3])],
  ],
  ['concat', (a, b) => concat([a, b, a], 1), () => [u([2, 3]), u([2, 1])]],
  ['stack', (a, b) => stack([a, b], -1), () => [u([2, 3]), u([2, 3])]],
  ['split', (x) => split(x, [1, 3], 1).map((piece, k) => mul(piece, k + 1)), () => [u([2, 4])]],
  ['chunk', (x) => chunk(x, 2, 0), () => [u([5, 2])]],
];

const indexingCases: Case[] = [
  [
    'gather',
    (x, i) => gather(x, 1, i),
    () => [
      u([2, 3]),
      ints([
        [2, 0, 2, 1],
        [1, 1, 0, 0],
      ]),
    ],
  ],
  ['indexSelect', (x, i) => indexSelect(x, 0, i), () => [u([4, 3]), ints([3, 0, 3])]],
  [
    'indexSelect on a middle axis',
    (x, i) => indexSelect(x, 1, i),
    () => [u([2, 4, 3]), ints([1, 3, 1, 0])],
  ],
  [
    'indexAdd',
    (x, i, s) => indexAdd(x, 1, i, s),
    () => [u([2, 4, 3]), ints([3, 0, 3]), u([2, 3, 3])],
  ],
  [
    'scatterAdd',
    (x, i, s) => scatterAdd(x, 0, i, s),
    () => [
      u([3, 2]),
      ints([
        [2, 0],
        [2, 2],
      ]),
      u([3, 2]),
    ],
  ],
];

describe.each([
  ['unary ops', unaryCases],
  ['binary ops', binaryCases],
  ['reductions', reductionCases],
  ['matrix products', matmulCases],
  ['layout ops', layoutCases],
  ['indexing ops', indexingCases],
])('gradcheck in float64: %s', (_, cases) => {
  it.each(cases)('%s', (_name, fn, inputs) => {
    expect(gradcheck(fn, inputs())).toPassGradcheck();
  });
});

describe('gradcheck catches a wrong gradient', () => {
  it('fails, naming the input and entry, when a backward is off by a factor', () => {
    const wrong = (x: Tensor): Tensor => add(x.detach().mul(x.detach()), x.mul(3)); // true derivative is 2x + 3, graph says 3
    const report = gradcheck(wrong, [tensor([1, 2], { dtype: 'float64' })], { names: ['x'] });
    expect(report.passed).toBe(false);
    expect(report.message).toMatch(
      /^failed over 2 checks \(atol 0\.00001, rtol 0\.001\); worst x at \[[01]\]: numeric [\d.]+, analytic [\d.]+$/,
    );
    // Both sides carry the same upstream weight, so their ratio is (2x + 3) / 3.
    const worst = report.worst;
    const x = (worst?.index[0] ?? 0) + 1;
    expect(worst?.input).toBe('x');
    expect((worst?.numeric ?? 0) / (worst?.analytic ?? 1)).toBeCloseTo((2 * x + 3) / 3, 6);
  });

  it('reports failure when there is nothing to check', () => {
    const report = gradcheck((i) => i, [tensor([1, 2], { dtype: 'int32' })]);
    expect(report).toEqual({
      passed: false,
      message: 'failed: nothing to check (no float inputs)',
      worst: null,
    });
  });

  it('fast mode checks a random direction and also fails on a wrong gradient', () => {
    const wrong = (x: Tensor): Tensor => add(x.detach().mul(x.detach()), x);
    expect(gradcheck((x) => tanh(x), [u([4, 4])], { fast: true })).toPassGradcheck();
    expect(gradcheck(wrong, [u([4, 4], 1, 2)], { fast: true }).passed).toBe(false);
  });
});
