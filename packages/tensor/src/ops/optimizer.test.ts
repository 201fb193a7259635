import { describe, expect, it } from 'vitest';
import { adamUpdate, DTypeError, Generator, ShapeError, tensor, uniform, zeros } from '../index';

const generator = new Generator(4);
const u = (shape: number[]) => uniform(shape, -1, 1, { dtype: 'float64', generator });
const options = {
  lr: 0.01,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
  weightDecay: 0.1,
  decoupledWeightDecay: false,
  amsgrad: false,
  stepSize: 0.01 / (1 - 0.9 ** 3),
  biasCorrection2Sqrt: Math.sqrt(1 - 0.999 ** 3),
};

type Five = [number, number, number, number, number];

/** The same step, one element at a time, as torch.optim.Adam writes it. */
function reference(theta: number, g: number, m: number, v: number, vMax: number, o = options) {
  const t = o.decoupledWeightDecay ? theta * (1 - o.lr * o.weightDecay) : theta;
  const grad = o.decoupledWeightDecay ? g : g + o.weightDecay * theta;
  const m2 = o.beta1 * m + (1 - o.beta1) * grad;
  const v2 = o.beta2 * v + (1 - o.beta2) * grad * grad;
  const second = o.amsgrad ? Math.max(vMax, v2) : v2;
  return [
    t - o.stepSize * (m2 / (Math.sqrt(second) / o.biasCorrection2Sqrt + o.eps)),
    m2,
    v2,
    second,
  ];
}

describe('adamUpdate', () => {
  it.each([
    ['L2 weight decay', {}],
    ['decoupled weight decay (AdamW)', { decoupledWeightDecay: true }],
    ['AMSGrad', { amsgrad: true }],
  ])('matches the formula element by element (%s)', (_name, extra) => {
    const o = { ...options, ...extra };
    const [theta, g, m, vMax] = [u([3, 4]), u([3, 4]), u([3, 4]), u([3, 4]).abs()];
    const v = u([3, 4]).abs();
    const next = adamUpdate({ theta, m, v, vMax }, g, o);
    const values = [theta, g, m, v, vMax].map((t) => t.data());
    const expected = [0, 1, 2, 3].map((slot) =>
      Array.from(
        { length: 12 },
        (_, k) =>
          reference(
            values[0]![k]!,
            values[1]![k]!,
            values[2]![k]!,
            values[3]![k]!,
            values[4]![k]!,
            o,
          )[slot]!,
      ),
    );
    [next.theta, next.m, next.v, next.vMax].forEach((t, slot) =>
      expect(t).toBeAllClose(tensor(expected[slot]!, { dtype: 'float64' }).reshape([3, 4]), {
        atol: 1e-15,
        rtol: 1e-13,
      }),
    );
  });

  it.each([
    ['L2 weight decay', {}],
    ['decoupled weight decay (AdamW)', { decoupledWeightDecay: true }],
    ['AMSGrad', { amsgrad: true }],
  ])(
    'matches the formula in float32, 4 lanes and a tail, large enough for wasm (%s)',
    (_name, extra) => {
      const o = { ...options, ...extra };
      const f32 = (t: ReturnType<typeof u>) => t.to('float32');
      const [theta, g, m] = [u([65, 65]), u([65, 65]), u([65, 65])].map(f32);
      const [v, vMax] = [u([65, 65]).abs(), u([65, 65]).abs()].map(f32);
      const next = adamUpdate({ theta: theta!, m: m!, v: v!, vMax: vMax! }, g!, o);
      const values = [theta, g, m, v, vMax].map((t) => t!.data());
      [next.theta, next.m, next.v, next.vMax].forEach((t, slot) => {
        expect(t.dtype).toBe('float32');
        const expected = Array.from(
          { length: 65 * 65 },
          (_, k) => reference(...([0, 1, 2, 3, 4].map((i) => values[i]![k]!) as Five), o)[slot]!,
        );
        expect(t).toBeAllClose(tensor(expected).reshape([65, 65]), { atol: 1e-6, rtol: 1e-5 });
      });
    },
  );

  it('names the argument whose shape or dtype is wrong', () => {
    const theta = zeros([2, 3]);
    const state = { theta, m: theta, v: theta, vMax: theta };
    expect(() => adamUpdate({ ...state, m: zeros([3, 2]) }, theta, options)).toThrow(ShapeError);
    expect(() => adamUpdate({ ...state, m: zeros([3, 2]) }, theta, options)).toThrow(
      "adamUpdate: m must have theta's shape [2, 3], got [3, 2].",
    );
    expect(() => adamUpdate(state, zeros([2, 3], { dtype: 'float64' }), options)).toThrow(
      DTypeError,
    );
  });
});
