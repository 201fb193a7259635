// The Optimizer base: it holds the parameters, their per-parameter state and the
// hyperparameters, runs a subclass's update rule over every parameter that has a gradient
// (under noGrad), and saves and restores all of it with PyTorch's state names.
import { Parameter, noGrad } from '@unroll/autograd';
import { ArgumentError, ShapeError, Tensor, cast, formatShape, neg, tensor } from '@unroll/tensor';
import { checkNonNegative } from './options';

/**
 * The hyperparameters every optimizer has. Subclasses add their own; all are numbers or
 * booleans so that {@link OptimizerState} stays plain data.
 * @category Optimizers
 */
export interface OptimizerHyperparameters {
  /** Learning rate. */
  lr: number;
  /** Maximise the objective instead of minimising it (the gradient's sign is flipped). */
  maximize: boolean;
}

/**
 * One parameter's optimizer state: its buffers under PyTorch's names (`exp_avg`,
 * `momentum_buffer`, …) and how many updates it has received.
 * @category Optimizers
 */
export interface ParameterState {
  /** Updates this parameter has received (parameters without a gradient are skipped). */
  step: number;
  /** Buffers with the parameter's shape, by PyTorch name. */
  buffers: Record<string, Tensor>;
}

/**
 * An optimizer's saved state, PyTorch's `state_dict()` for a single parameter group.
 * @category Optimizers
 */
export interface OptimizerState {
  /** How many times `step()` has been called. */
  step: number;
  /** The hyperparameters, camelCase (`lr`, `beta1`, `weightDecay`, …). */
  options: Record<string, number | boolean>;
  /**
   * One record per parameter, in order: the buffers by PyTorch name and, for optimizers that
   * count per-parameter steps, `step` as a float64 scalar. Empty for a parameter never updated.
   */
  state: Record<string, Tensor>[];
}

/**
 * The base of every optimizer: one group of parameters, per-parameter state and a learning
 * rate that schedules can change. A subclass supplies the update rule for one parameter.
 * ```math
 * for each parameter θ with a gradient g:  θ ← update(θ, maximize ? −g : g, state(θ))
 * ```
 * Parameters whose `.grad` is null are skipped, and their step count does not advance. Updates
 * run under {@link noGrad} and replace each parameter's values with `Parameter.assign`, so every
 * module holding the parameter sees them.
 * @typeParam Options - the optimizer's hyperparameters
 * @example
 * ```ts
 * const optimizer = new Adam(model.parameters(), { lr: 1e-3 });
 * optimizer.zeroGrad();
 * crossEntropy(model.forward(x), y).backward();
 * optimizer.step();
 * ```
 * @see torch.optim.Optimizer
 * @category Optimizers
 */
export abstract class Optimizer<
  Options extends OptimizerHyperparameters = OptimizerHyperparameters,
> {
  /** The parameters this optimizer updates, in order. */
  readonly parameters: readonly Parameter[];
  /** The current hyperparameters. */
  protected options: Options;
  /** Per-parameter state, parallel to {@link Optimizer.parameters}. */
  protected states: ParameterState[];
  #step = 0;

  /**
   * @param parameters - the parameters to optimise (e.g. `model.parameters()`), at least one
   * @param defaults - the resolved hyperparameters, checked with {@link Optimizer.checkOptions}
   * @throws {ArgumentError} if the list is empty, repeats a parameter or holds a non-Parameter
   */
  constructor(parameters: Iterable<Parameter>, defaults: Options) {
    const api = new.target.name;
    if (parameters === null || typeof parameters !== 'object' || !(Symbol.iterator in parameters)) {
      throw new ArgumentError(
        `${api}: parameters must be an iterable of Parameters, got ${String(parameters)}. Hint: pass model.parameters().`,
        { argument: 'parameters' },
      );
    }
    const list = [...parameters];
    if (list.length === 0) {
      throw new ArgumentError(`${api}: parameters must not be empty, got 0 parameters.`, {
        argument: 'parameters',
      });
    }
    list.forEach((parameter: unknown, index) => {
      if (!(parameter instanceof Parameter)) {
        throw new ArgumentError(
          `${api}: parameters[${index}] must be a Parameter, got ${parameter instanceof Tensor ? 'a plain Tensor' : typeof parameter}. Hint: wrap it with new Parameter(tensor).`,
          { argument: 'parameters' },
        );
      }
      if (list.indexOf(parameter) !== index) {
        throw new ArgumentError(
          `${api}: parameters must be distinct, got parameters[${index}] repeating parameters[${list.indexOf(parameter)}].`,
          { argument: 'parameters' },
        );
      }
    });
    this.checkOptions(defaults);
    this.parameters = list;
    this.options = { ...defaults };
    this.states = list.map(() => ({ step: 0, buffers: {} }));
  }

  /** The learning rate. Schedules set it between steps. */
  get lr(): number {
    return this.options.lr;
  }

  /** @throws {ArgumentError} if `value` is negative or not finite */
  set lr(value: number) {
    checkNonNegative(`${this.constructor.name}.lr`, 'lr', value, 'lr');
    (this.options as OptimizerHyperparameters).lr = value;
  }

  /** How many times {@link Optimizer.step} has been called. */
  get stepCount(): number {
    return this.#step;
  }

  /**
   * Updates every parameter that has a gradient by one step of the subclass's rule.
   * @see torch.optim.Optimizer.step
   */
  step(): void {
    noGrad(() => {
      this.#step++;
      this.parameters.forEach((parameter, index) => {
        const gradient = parameter.grad;
        const state = this.states[index];
        if (gradient === null || state === undefined) return;
        state.step++;
        this.update(parameter, this.options.maximize ? neg(gradient) : gradient, state);
      });
    });
  }

  /**
   * Clears every parameter's `.grad` (sets it to null, PyTorch's `set_to_none=True`).
   * @see torch.optim.Optimizer.zero_grad
   */
  zeroGrad(): void {
    for (const parameter of this.parameters) parameter.grad = null;
  }

  /**
   * The step count, hyperparameters and per-parameter buffers. Tensors are immutable, so the
   * result shares them safely.
   * @see torch.optim.Optimizer.state_dict
   */
  stateDict(): OptimizerState {
    return {
      step: this.#step,
      options: Object.fromEntries(Object.entries(this.options)),
      state: this.states.map(({ step, buffers }) => {
        if (step === 0 && Object.keys(buffers).length === 0) return {};
        const entry: Record<string, Tensor> = { ...buffers };
        if (this.countsSteps) entry.step = tensor(step, { dtype: 'float64' });
        return entry;
      }),
    };
  }

  /**
   * Restores a state saved by {@link Optimizer.stateDict}, hyperparameters included. Everything
   * is checked before anything changes; buffers are converted to each parameter's dtype.
   * @throws {ArgumentError} if the parameter count, the option names or the buffer names differ
   * @throws {ShapeError} if a buffer's shape differs from its parameter's
   * @see torch.optim.Optimizer.load_state_dict
   */
  loadStateDict(state: OptimizerState): void {
    const api = `${this.constructor.name}.loadStateDict`;
    const fail = (message: string): never => {
      throw new ArgumentError(`${api}: ${message}.`, { argument: 'state' });
    };
    if (typeof state !== 'object' || state === null || !Array.isArray(state.state)) {
      fail(
        `state must be an OptimizerState { step, options, state }, got ${state === null ? 'null' : typeof state}`,
      );
    }
    if (!Number.isInteger(state.step) || state.step < 0) {
      fail(`state.step must be an integer ≥ 0, got ${String(state.step)}`);
    }
    const options = this.#loadOptions(state.options, fail);
    if (state.state.length !== this.parameters.length) {
      fail(
        `state.state must hold one entry per parameter (${this.parameters.length}), got ${state.state.length}`,
      );
    }
    const names = [...this.bufferNames(options), ...(this.countsSteps ? ['step'] : [])].sort();
    const states = this.parameters.map((parameter, index) =>
      this.#loadEntry(state.state[index] ?? {}, parameter, index, names, fail),
    );
    this.options = options;
    this.states = states;
    this.#step = state.step;
  }

  #loadOptions(given: unknown, fail: (message: string) => never): Options {
    if (typeof given !== 'object' || given === null)
      fail(`state.options must be an object, got ${String(given)}`);
    const record = given as Record<string, unknown>;
    const expected = Object.keys(this.options).sort();
    const keys = Object.keys(record).sort();
    if (expected.join() !== keys.join()) {
      fail(`state.options must have the keys ${expected.join(', ')}, got ${keys.join(', ')}`);
    }
    for (const [key, value] of Object.entries(this.options)) {
      if (typeof record[key] !== typeof value) {
        fail(`state.options.${key} must be a ${typeof value}, got ${String(record[key])}`);
      }
    }
    const options = { ...record } as unknown as Options;
    try {
      this.checkOptions(options);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new ArgumentError(
        `${this.constructor.name}.loadStateDict: state.options are invalid: ${message}`,
        { argument: 'state', cause: error },
      );
    }
    return options;
  }

  #loadEntry(
    entry: Record<string, Tensor>,
    parameter: Parameter,
    index: number,
    names: readonly string[],
    fail: (message: string) => never,
  ): ParameterState {
    const keys = Object.keys(entry).sort();
    if (keys.length === 0) return { step: 0, buffers: {} };
    if (keys.join() !== names.join()) {
      fail(
        `state.state[${index}] must be empty or hold ${names.join(', ')}, got ${keys.join(', ') || 'nothing'}`,
      );
    }
    const buffers: Record<string, Tensor> = {};
    let step = 0;
    for (const [name, value] of Object.entries(entry)) {
      if (!(value instanceof Tensor))
        fail(`state.state[${index}].${name} must be a Tensor, got ${typeof value}`);
      if (name === 'step') {
        step = value.size === 1 ? value.item() : NaN;
        if (!Number.isInteger(step) || step < 0) {
          fail(`state.state[${index}].step must be a scalar integer ≥ 0, got ${value.toString()}`);
        }
        continue;
      }
      if (formatShape(value.shape) !== formatShape(parameter.shape)) {
        throw new ShapeError(
          `${this.constructor.name}.loadStateDict: state.state[${index}].${name} must have the shape of parameter ${index} ${formatShape(parameter.shape)}, got ${formatShape(value.shape)}.`,
          {
            argument: 'state',
            expected: formatShape(parameter.shape),
            actual: formatShape(value.shape),
          },
        );
      }
      buffers[name] = cast(value, parameter.dtype);
    }
    return { step, buffers };
  }

  /**
   * Whether each parameter's step count is saved as `step` in the state dict (true, as for
   * PyTorch's Adam, RMSprop and Adagrad; SGD overrides it).
   */
  protected get countsSteps(): boolean {
    return true;
  }

  /**
   * Throws an ArgumentError naming the option and its value unless the hyperparameters are
   * valid. Called by the constructor, and by {@link Optimizer.loadStateDict} on loaded ones.
   */
  protected abstract checkOptions(options: Options): void;

  /** The buffers an updated parameter holds under these hyperparameters (PyTorch's names). */
  protected abstract bufferNames(options: Options): readonly string[];

  /**
   * Updates one parameter in place with `parameter.assign(…)`, reading and replacing its
   * buffers in `state.buffers`. `state.step` has already been incremented (it is 1 on the
   * first update), and the gradient already carries the `maximize` sign.
   */
  protected abstract update(parameter: Parameter, gradient: Tensor, state: ParameterState): void;
}
