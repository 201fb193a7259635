// The Optimizer base: parameter checks, zeroGrad, the lr property, updates as plain leaves,
// a user-defined subclass, and loadStateDict's checks (all made before anything changes).
import { thrown } from '@unroll/test-utils';
import { Parameter } from '@unroll/autograd';
import {
  ArgumentError,
  ShapeError,
  type Tensor,
  mul,
  sign,
  sub,
  tensor,
  zeros,
} from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import { flatten, makeParameters, runOptimizer } from './__fixtures__/quadratic';
import { Adam } from './adam';
import { Optimizer, type OptimizerHyperparameters, type OptimizerState } from './optimizer';
import { SGD } from './sgd';

/** A user-defined optimizer: θ ← θ − lr · sign(g). */
class SignSGD extends Optimizer {
  constructor(parameters: Iterable<Parameter>, lr: number) {
    super(parameters, { lr, maximize: false });
  }
  protected checkOptions(options: OptimizerHyperparameters): void {
    if (!(options.lr >= 0)) throw new ArgumentError(`SignSGD: bad lr ${options.lr}.`);
  }
  protected bufferNames(): readonly string[] {
    return [];
  }
  protected update(parameter: Parameter, gradient: Tensor): void {
    parameter.assign(sub(parameter, mul(sign(gradient), this.options.lr)));
  }
}

describe('Optimizer parameters', () => {
  it('rejects an empty list, repeats and plain tensors', () => {
    expect(thrown(() => new SGD([], { lr: 1 })).message).toBe(
      'SGD: parameters must not be empty, got 0 parameters.',
    );
    const [weight] = makeParameters();
    expect(thrown(() => new Adam([weight!, weight!])).message).toBe(
      'Adam: parameters must be distinct, got parameters[1] repeating parameters[0].',
    );
    const plain = thrown(() => new Adam([zeros([2]) as Parameter]));
    expect(ArgumentError.isInstance(plain)).toBe(true);
    expect(plain.message).toBe(
      'Adam: parameters[0] must be a Parameter, got a plain Tensor. Hint: wrap it with new Parameter(tensor).',
    );
  });

  it('accepts any iterable, such as a generator', () => {
    const parameters = makeParameters();
    function* each(): Generator<Parameter> {
      yield* parameters;
    }
    expect(new SGD(each(), { lr: 1 }).parameters).toEqual(parameters);
  });
});

describe('Optimizer behaviour', () => {
  it('zeroGrad clears every gradient', () => {
    const parameters = makeParameters();
    const optimizer = new SGD(parameters, { lr: 0.1 });
    runOptimizer(optimizer, parameters, 1);
    expect(parameters[0]?.grad).not.toBeNull();
    optimizer.zeroGrad();
    expect(parameters.map((parameter) => parameter.grad)).toEqual([null, null, null]);
  });

  it('reads and sets lr, rejecting negative values', () => {
    const optimizer = new Adam(makeParameters());
    expect(optimizer.lr).toBe(1e-3);
    optimizer.lr = 0.5;
    expect(optimizer.lr).toBe(0.5);
    expect(optimizer.stateDict().options.lr).toBe(0.5);
    expect(thrown(() => (optimizer.lr = -1)).message).toBe(
      'Adam.lr: lr must be a finite number ≥ 0, got -1.',
    );
  });

  it('leaves parameters as leaves that require grad, with no recorded graph', () => {
    const parameters = makeParameters();
    runOptimizer(new Adam(parameters, { lr: 0.1 }), parameters, 1);
    expect(parameters[0]?.isLeaf).toBe(true);
    expect(parameters[0]?.requiresGrad).toBe(true);
  });

  it('runs a user-defined subclass, skipping parameters without gradients', () => {
    const parameters = makeParameters();
    const before = flatten(parameters);
    runOptimizer(new SignSGD(parameters, 0.25), parameters, 1);
    // ∇ = a ⊙ θ − c with the fixture's a, c: signs of [0.2, 0.6, −1.35, −3.8, 1.9, −1.0875, −2.6].
    expect(flatten(parameters)).toBeAllClose(
      before.map((value, i) => value - 0.25 * [1, 1, -1, -1, 1, -1, -1][i]!),
      { atol: 0, rtol: 0 },
    );
    expect(parameters[2]?.toArray()).toEqual([9, -9]);
  });

  it('starts with an empty state for every parameter', () => {
    const state = new Adam(makeParameters()).stateDict();
    expect(state.step).toBe(0);
    expect(state.state).toEqual([{}, {}, {}]);
  });
});

describe('Optimizer.loadStateDict', () => {
  const trained = (): OptimizerState => {
    const parameters = makeParameters();
    const optimizer = new Adam(parameters, { lr: 0.1 });
    runOptimizer(optimizer, parameters, 2);
    return optimizer.stateDict();
  };

  it('converts buffers to each parameter dtype', () => {
    const parameters = [
      new Parameter(zeros([2, 2])),
      new Parameter(zeros([3])),
      new Parameter(zeros([2])),
    ];
    const optimizer = new Adam(parameters);
    optimizer.loadStateDict(trained());
    const state = optimizer.stateDict();
    expect(state.state[0]?.exp_avg?.dtype).toBe('float32');
    expect(state.state[0]?.step?.item()).toBe(2);
    expect(optimizer.lr).toBe(0.1);
  });

  it('names the count when the number of parameters differs', () => {
    const error = thrown(() => new Adam(makeParameters().slice(0, 2)).loadStateDict(trained()));
    expect(ArgumentError.isInstance(error)).toBe(true);
    expect(error.message).toBe(
      'Adam.loadStateDict: state.state must hold one entry per parameter (2), got 3.',
    );
  });

  it('names both shapes when a buffer does not fit its parameter', () => {
    const state = trained();
    const entry = state.state[1] ?? {};
    state.state[1] = { ...entry, exp_avg_sq: zeros([4], { dtype: 'float64' }) };
    const optimizer = new Adam(makeParameters());
    const error = thrown(() => optimizer.loadStateDict(state));
    expect(ShapeError.isInstance(error)).toBe(true);
    expect(error.message).toBe(
      'Adam.loadStateDict: state.state[1].exp_avg_sq must have the shape of parameter 1 [3], got [4].',
    );
    // Nothing changed.
    expect(optimizer.stateDict().state).toEqual([{}, {}, {}]);
    expect(optimizer.lr).toBe(1e-3);
  });

  it('rejects missing or unexpected buffers and a bad step', () => {
    const state = trained();
    const { exp_avg: _dropped, ...rest } = state.state[0] ?? {};
    state.state[0] = rest;
    expect(thrown(() => new Adam(makeParameters()).loadStateDict(state)).message).toBe(
      'Adam.loadStateDict: state.state[0] must be empty or hold exp_avg, exp_avg_sq, step, got exp_avg_sq, step.',
    );
    // AMSGrad needs max_exp_avg_sq too.
    const amsgrad = trained();
    amsgrad.options.amsgrad = true;
    expect(thrown(() => new Adam(makeParameters()).loadStateDict(amsgrad)).message).toContain(
      'must be empty or hold exp_avg, exp_avg_sq, max_exp_avg_sq, step',
    );
    const step = trained();
    step.state[2] = { ...(step.state[0] ?? {}), step: tensor(1.5, { dtype: 'float64' }) };
    step.state[2].exp_avg = zeros([2], { dtype: 'float64' });
    step.state[2].exp_avg_sq = zeros([2], { dtype: 'float64' });
    expect(thrown(() => new Adam(makeParameters()).loadStateDict(step)).message).toContain(
      'state.state[2].step must be a scalar integer ≥ 0',
    );
  });

  it('checks the options: the same names, the same types and valid values', () => {
    const renamed = trained();
    renamed.options = { ...renamed.options, betas: 0.9 };
    expect(thrown(() => new Adam(makeParameters()).loadStateDict(renamed)).message).toBe(
      'Adam.loadStateDict: state.options must have the keys amsgrad, beta1, beta2, decoupledWeightDecay, eps, lr, maximize, weightDecay, got amsgrad, beta1, beta2, betas, decoupledWeightDecay, eps, lr, maximize, weightDecay.',
    );
    const typed = trained();
    typed.options.amsgrad = 1;
    expect(thrown(() => new Adam(makeParameters()).loadStateDict(typed)).message).toBe(
      'Adam.loadStateDict: state.options.amsgrad must be a boolean, got 1.',
    );
    const invalid = trained();
    invalid.options.beta1 = 1.5;
    expect(thrown(() => new Adam(makeParameters()).loadStateDict(invalid)).message).toBe(
      'Adam.loadStateDict: state.options are invalid: Adam: options.betas[0] must be in [0, 1), got 1.5.',
    );
    expect(
      thrown(() => new SGD(makeParameters(), { lr: 1 }).loadStateDict(trained())).message,
    ).toContain(
      'SGD.loadStateDict: state.options must have the keys dampening, lr, maximize, momentum, nesterov, weightDecay',
    );
  });
});
