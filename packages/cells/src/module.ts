// Module: the base of every model part. It finds its parameters and child modules by walking
// its own fields, switches training mode, and saves and loads weights under PyTorch's keys.
import { Parameter } from '@unroll/autograd';
import { ArgumentError, ShapeError, Tensor, cast, formatShape } from '@unroll/tensor';

/** A state dict: weights by PyTorch key. @category Modules */
export type StateDict = ReadonlyMap<string, Tensor> | Readonly<Record<string, Tensor>>;

/** Options of {@link Module.loadStateDict}. @category Modules */
export interface LoadStateDictOptions {
  /** Require exactly the model's keys (default true). Shapes must always match. */
  strict?: boolean;
}

const camelToSnake = (name: string): string =>
  name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype
  );
}

/**
 * The base class of cells, layers and models (PyTorch's `nn.Module`). Parameters and child
 * modules are found by walking the instance's own fields (and arrays and plain objects in
 * them), in declaration order, so a subclass only assigns them.
 * @example
 * ```ts
 * class Affine extends Module {
 *   weight = new Parameter(randn([3, 3]));
 *   forward(x: Tensor) { return matmul(x, this.weight); }
 * }
 * new Affine().stateDict(); // Map { 'weight' => … }
 * ```
 * @see torch.nn.Module
 * @category Modules
 */
export abstract class Module {
  /** True in training mode (dropout active), false after {@link Module.eval}. */
  training = true;

  /** Parameters with their structural names (`layers.0.weightIh`), in declaration order. */
  namedParameters(): [string, Parameter][] {
    const found: [string, Parameter][] = [];
    const seen = new Set<Parameter>();
    const visit = (value: unknown, path: string): void => {
      if (value instanceof Parameter) {
        if (!seen.has(value)) found.push([path, value]);
        seen.add(value);
      } else if (value instanceof Module) {
        for (const [name, parameter] of value.namedParameters())
          visit(parameter, `${path}.${name}`);
      } else if (Array.isArray(value)) {
        value.forEach((item, index) => visit(item, `${path}.${index}`));
      } else if (isPlainObject(value)) {
        for (const [key, item] of Object.entries(value)) visit(item, `${path}.${key}`);
      }
    };
    for (const [key, value] of Object.entries(this)) visit(value, key);
    return found;
  }

  /** Every parameter, in declaration order. */
  parameters(): Parameter[] {
    return this.namedParameters().map(([, parameter]) => parameter);
  }

  /** Direct child modules with their field names. */
  children(): [string, Module][] {
    const found: [string, Module][] = [];
    const visit = (value: unknown, path: string): void => {
      if (value instanceof Module) found.push([path, value]);
      else if (Array.isArray(value))
        value.forEach((item, index) => visit(item, `${path}.${index}`));
      else if (isPlainObject(value))
        for (const [key, item] of Object.entries(value)) visit(item, `${path}.${key}`);
    };
    for (const [key, value] of Object.entries(this)) if (key !== 'training') visit(value, key);
    return found;
  }

  /** Sets training mode on this module and every child (dropout is active only in training). */
  train(mode = true): this {
    this.training = mode;
    for (const [, child] of this.children()) child.train(mode);
    return this;
  }

  /** Evaluation mode: `train(false)`. */
  eval(): this {
    return this.train(false);
  }

  /** Clears `.grad` of every parameter. */
  zeroGrad(): void {
    for (const parameter of this.parameters()) parameter.grad = null;
  }

  /**
   * Parameters under their PyTorch keys. The default turns each field name to snake_case
   * (`weightIh` → `weight_ih`) and joins nested names with dots, letting each child module
   * name its own parameters: recurrent layers use PyTorch's `weight_ih_l0_reverse` scheme, so a
   * model holding an LSTM in field `rnn` saves `rnn.weight_ih_l0`, as PyTorch does.
   * {@link Module.stateDict} holds these.
   */
  stateParameters(): [string, Parameter][] {
    const found: [string, Parameter][] = [];
    const seen = new Set<Parameter>();
    const add = (key: string, parameter: Parameter): void => {
      if (!seen.has(parameter)) found.push([key, parameter]);
      seen.add(parameter);
    };
    // A child module names its own parameters (an LSTM says `weight_ih_l0`); this adds the path.
    const visit = (value: unknown, path: string): void => {
      if (value instanceof Parameter) add(path, value);
      else if (value instanceof Module)
        for (const [key, p] of value.stateParameters()) add(`${path}.${key}`, p);
      else if (Array.isArray(value))
        value.forEach((item, index) => visit(item, `${path}.${index}`));
      else if (isPlainObject(value))
        for (const [key, item] of Object.entries(value))
          visit(item, `${path}.${camelToSnake(key)}`);
    };
    for (const [key, value] of Object.entries(this)) visit(value, camelToSnake(key));
    return found;
  }

  /**
   * The weights under PyTorch's keys, ready for `writeSafetensors` or for PyTorch's
   * `load_state_dict`.
   * @see torch.nn.Module.state_dict
   */
  stateDict(): Map<string, Tensor> {
    return new Map(this.stateParameters().map(([key, parameter]) => [key, parameter.detach()]));
  }

  /**
   * Loads weights saved by {@link Module.stateDict} or by PyTorch. Every key and shape is
   * checked first, and one error lists every missing, unexpected and mis-shaped entry; nothing
   * is changed unless all fit. Values are converted to each parameter's dtype.
   * @throws {ShapeError} if the dict does not fit this model
   * @see torch.nn.Module.load_state_dict
   */
  loadStateDict(dict: StateDict, { strict = true }: LoadStateDictOptions = {}): void {
    const given: Map<string, unknown> =
      dict instanceof Map
        ? new Map(dict as ReadonlyMap<string, unknown>)
        : new Map(Object.entries(dict as Readonly<Record<string, unknown>>));
    const entries = this.stateParameters();
    const problems: string[] = [];
    const missing = entries.filter(([key]) => !given.has(key)).map(([key]) => key);
    const expected = new Set(entries.map(([key]) => key));
    const unexpected = [...given.keys()].filter((key) => !expected.has(key));
    if (strict && missing.length > 0) problems.push(`missing ${missing.join(', ')}`);
    if (strict && unexpected.length > 0) problems.push(`unexpected ${unexpected.join(', ')}`);
    for (const [key, parameter] of entries) {
      const value = given.get(key);
      if (value === undefined) continue;
      if (!(value instanceof Tensor)) {
        problems.push(`${key} is not a Tensor`);
      } else if (formatShape(value.shape) !== formatShape(parameter.shape)) {
        problems.push(
          `${key} has shape ${formatShape(value.shape)} but the model expects ${formatShape(parameter.shape)}`,
        );
      }
    }
    if (problems.length > 0) {
      throw new ShapeError(
        `${this.constructor.name}.loadStateDict: the state dict does not fit this ${this.constructor.name}: ${problems.join('; ')}.`,
        { argument: 'dict' },
      );
    }
    for (const [key, parameter] of entries) {
      const value = given.get(key);
      if (value instanceof Tensor) parameter.assign(cast(value, parameter.dtype));
    }
  }

  /** The part of {@link Module.toString} between the parentheses, e.g. `3, 4, numLayers=2`. */
  protected extraRepr(): string {
    return '';
  }

  /** A readable summary in PyTorch's style: the module, its options and its children. */
  toString(): string {
    const children = this.children();
    const extra = this.extraRepr();
    if (children.length === 0) return `${this.constructor.name}(${extra})`;
    // As PyTorch: options on their own line, then one line per child, all indented.
    const lines = children.map(
      ([name, child]) => `  (${name}): ${child.toString().replace(/\n/g, '\n  ')}`,
    );
    if (extra !== '') lines.unshift(`  ${extra}`);
    return `${this.constructor.name}(\n${lines.join('\n')}\n)`;
  }
}

/** Validates a positive integer size option, naming the API and the option. @internal */
export function checkSize(api: string, name: string, value: unknown, minimum = 1): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum) {
    throw new ArgumentError(
      `${api}: ${name} must be an integer ≥ ${minimum}, got ${String(value)}.`,
      { argument: name },
    );
  }
  return value;
}
