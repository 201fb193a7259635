// The shared machinery of the RNN, LSTM and GRU layers: stacked layers, two directions,
// batch-first layouts, variable lengths, carried state, dropout between layers and traces.
// Each layer and direction runs as one fused sequence Function from @unroll/cells.
import { Parameter } from '@unroll/autograd';
import {
  Module,
  defaultRecurrentInit,
  sequenceFunction,
  type CellKernel,
  type SequenceTrace,
} from '@unroll/cells';
import {
  ArgumentError,
  DTypeError,
  ShapeError,
  Tensor,
  concat,
  formatShape,
  isFloatDType,
  select,
  stack,
  warnOnce,
  zeros,
  type DType,
  type Generator,
} from '@unroll/tensor';
import { dropout } from './dropout';
import { lookupOf } from './embedding';
import type { LayerTrace, RecurrentTrace } from './trace';

/** Options every recurrent layer takes (PyTorch's names in camelCase). @category Layers */
export interface RecurrentOptions {
  /** Features per input step, H_in. */
  inputSize: number;
  /** Hidden size H. */
  hiddenSize: number;
  /** Stacked layers (default 1). */
  numLayers?: number;
  /** Add the biases b_ih and b_hh (default true). */
  bias?: boolean;
  /** Input and output are `[N, L, ·]` instead of `[L, N, ·]` (states are never affected). */
  batchFirst?: boolean;
  /** Dropout probability on the outputs of every layer but the last, in training mode (default 0). */
  dropout?: number;
  /** Run a second, reverse direction and concatenate both outputs (default false). */
  bidirectional?: boolean;
  /** Element type of the parameters (default float32). */
  dtype?: DType;
  /** Source of initial weights and dropout masks (default: the global generator). */
  generator?: Generator;
}

/** Options of a forward pass. @category Layers */
export interface RecurrentForwardOptions {
  /** Valid steps per sequence, each in [1, L]; padded steps give 0 and are skipped. */
  lengths?: readonly number[] | Tensor;
  /** Also return every layer's gates and states (see {@link RecurrentTrace}). */
  trace?: boolean;
}

/** One direction's parameters. Field order is PyTorch's `named_parameters()` order. @category Layers */
export interface DirectionParameters {
  /** `[G·H, H_in]` (`weight_ih_l{k}`). */
  weightIh: Parameter;
  /** `[G·H, R]` (`weight_hh_l{k}`). */
  weightHh: Parameter;
  /** `[G·H]` (`bias_ih_l{k}`), or null without bias. */
  biasIh: Parameter | null;
  /** `[G·H]` (`bias_hh_l{k}`), or null without bias. */
  biasHh: Parameter | null;
  /** `[P, H]` (`weight_hr_l{k}`), LSTM projection only. */
  weightHr: Parameter | null;
  /** `[H]` (`peephole_i_l{k}`), peephole LSTMs only. */
  peepholeI: Parameter | null;
  /** `[H]` (`peephole_f_l{k}`). */
  peepholeF: Parameter | null;
  /** `[H]` (`peephole_o_l{k}`). */
  peepholeO: Parameter | null;
}

/** What {@link RecurrentLayer.run} returns to the subclasses. @internal */
export interface LayerRun {
  /** The output sequence in the caller's layout. */
  output: Tensor;
  /** Final states, `[h]` or `[h, c]`, each `[numLayers·D, N, ·]`. */
  finals: Tensor[];
  /** The trace, when asked for. */
  trace: RecurrentTrace | undefined;
}

/** What a subclass tells the base about its cell. @internal */
export interface CellLayout {
  kernel: CellKernel;
  gateNames: readonly string[];
  /** Size of h (R): hiddenSize, or projSize. */
  outputSize: number;
  projection: boolean;
  peepholes: readonly ('I' | 'F' | 'O')[];
}

const snake = (name: string): string =>
  name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/**
 * The base of {@link RNN}, {@link LSTM} and {@link GRU}. Not used directly.
 * @category Layers
 */
export abstract class RecurrentLayer extends Module {
  /** Features per input step, H_in. */
  readonly inputSize: number;
  /** Hidden size H. */
  readonly hiddenSize: number;
  /** Number of stacked layers. */
  readonly numLayers: number;
  /** Whether the biases exist. */
  readonly bias: boolean;
  /** Whether input and output are `[N, L, ·]`. */
  readonly batchFirst: boolean;
  /** Dropout probability between layers (training only). */
  readonly dropout: number;
  /** Whether a reverse direction runs too. */
  readonly bidirectional: boolean;
  /** `layers[l][d]`: the parameters of layer l, direction d (0 forward, 1 reverse). */
  readonly layers: DirectionParameters[][];
  readonly #layout: CellLayout;
  readonly #generator: Generator | undefined;

  protected constructor(api: string, options: RecurrentOptions, layout: CellLayout) {
    super();
    const positive = (name: string, value: unknown, fallback?: number): number => {
      const resolved = value ?? fallback;
      if (typeof resolved !== 'number' || !Number.isInteger(resolved) || resolved < 1) {
        throw new ArgumentError(
          `${api}: ${name} must be a positive integer, got ${JSON.stringify(resolved)}.`,
          { argument: name },
        );
      }
      return resolved;
    };
    this.inputSize = positive('inputSize', options.inputSize);
    this.hiddenSize = positive('hiddenSize', options.hiddenSize);
    this.numLayers = positive('numLayers', options.numLayers, 1);
    this.bias = options.bias ?? true;
    this.batchFirst = options.batchFirst ?? false;
    this.bidirectional = options.bidirectional ?? false;
    this.dropout = options.dropout ?? 0;
    if (typeof this.dropout !== 'number' || !(this.dropout >= 0 && this.dropout < 1)) {
      throw new ArgumentError(
        `${api}: dropout must be a number in [0, 1), got ${String(options.dropout)}.`,
        { argument: 'dropout' },
      );
    }
    if (this.dropout > 0 && this.numLayers === 1) {
      warnOnce(
        'recurrent-dropout-one-layer',
        `${api}: dropout=${this.dropout} with numLayers=1 does nothing: dropout acts between layers.`,
      );
    }
    this.#layout = layout;
    this.#generator = options.generator;
    const H = this.hiddenSize;
    const G = layout.kernel.gates;
    const R = layout.outputSize;
    const D = this.bidirectional ? 2 : 1;
    const init = (shape: number[]): Parameter =>
      new Parameter(
        defaultRecurrentInit(shape, H, { dtype: options.dtype, generator: options.generator }),
      );
    this.layers = Array.from({ length: this.numLayers }, (_, l) =>
      Array.from({ length: D }, () => {
        const inputWidth = l === 0 ? this.inputSize : D * R;
        return {
          weightIh: init([G * H, inputWidth]),
          weightHh: init([G * H, R]),
          biasIh: this.bias ? init([G * H]) : null,
          biasHh: this.bias ? init([G * H]) : null,
          weightHr: layout.projection ? init([R, H]) : null,
          peepholeI: layout.peepholes.includes('I') ? init([H]) : null,
          peepholeF: layout.peepholes.includes('F') ? init([H]) : null,
          peepholeO: layout.peepholes.includes('O') ? init([H]) : null,
        };
      }),
    );
  }

  /** Number of directions D (2 if bidirectional). */
  get numDirections(): number {
    return this.bidirectional ? 2 : 1;
  }

  /** Size of h (H_out): the hidden size, or the LSTM's projection size. */
  get outputSize(): number {
    return this.#layout.outputSize;
  }

  /** PyTorch's keys: `weight_ih_l0`, `bias_hh_l1_reverse`, `weight_hr_l0`, `peephole_i_l0`, … */
  override stateParameters(): [string, Parameter][] {
    const entries: [string, Parameter][] = [];
    this.layers.forEach((directions, l) =>
      directions.forEach((parameters, d) => {
        for (const [name, parameter] of Object.entries(parameters)) {
          if (parameter !== null)
            entries.push([
              `${snake(name)}_l${l}${d === 1 ? '_reverse' : ''}`,
              parameter as Parameter,
            ]);
        }
      }),
    );
    return entries;
  }

  /** The fused cell this layer runs (the stepper asks the backend for it). @internal */
  get cellKernel(): CellKernel {
    return this.#layout.kernel;
  }

  /** Whether this layer carries a cell state (LSTMs). @internal */
  protected get hasCellState(): boolean {
    return this.#layout.kernel.hasCellState;
  }

  /** Runs the layers; subclasses shape the state argument and result. @internal */
  protected run(
    api: string,
    input: Tensor,
    states: readonly (Tensor | undefined)[],
    options: RecurrentForwardOptions,
  ): LayerRun {
    this.#checkInput(api, input);
    const unbatched = input.rank === 2;
    const [T = 0, N = 0] = unbatched
      ? [input.shape[0], 1]
      : this.batchFirst
        ? [input.shape[1], input.shape[0]]
        : input.shape;
    const lengths = this.#checkLengths(api, options.lengths, T, N);
    const D = this.numDirections;
    const L = this.numLayers;
    const sizes = [this.outputSize, this.hiddenSize];
    const names = ['h0 (hidden state)', 'c0 (cell state)'];
    const initial = sizes.slice(0, this.hasCellState ? 2 : 1).map((size, k) => {
      const given = states[k];
      const expected = unbatched ? [L * D, size] : [L * D, N, size];
      if (given === undefined) return zeros([L * D, N, size], { dtype: input.dtype });
      if (!(given instanceof Tensor) || formatShape(given.shape) !== formatShape(expected)) {
        throw new ShapeError(
          `${api}: ${names[k]} must have shape ${formatShape(expected)} = [numLayers·D, ${unbatched ? '' : 'N, '}${k === 0 ? 'H_out' : 'hiddenSize'}], got ${given instanceof Tensor ? formatShape(given.shape) : typeof given}.`,
          {
            argument: k === 0 ? 'h0' : 'c0',
            expected: formatShape(expected),
            actual: given instanceof Tensor ? formatShape(given.shape) : typeof given,
          },
        );
      }
      return unbatched ? given.reshape([L * D, 1, size]) : given;
    });
    const traces: LayerTrace[] = [];
    const finals: Tensor[][] = initial.map(() => []);
    // An Embedding's output: the first layer reads its table by id instead (see lookupOf).
    const lookup = lookupOf(input);
    const tokens = lookup === undefined ? undefined : timeMajor(lookup.ids, this.batchFirst);
    // A lookup's values are never read here (nor reordered): the layer reads the table by id.
    let layerInput = lookup === undefined ? this.#timeMajor(input) : lookup.table();
    // The last layer writes a batch-first output itself rather than being transposed after.
    const outBatchFirst = this.batchFirst && !unbatched && options.trace !== true;
    for (let l = 0; l < L; l++) {
      const outputs: Tensor[] = [];
      for (let d = 0; d < D; d++) {
        const k = l * D + d;
        const p = this.layers[l]![d]!;
        const onTrace =
          options.trace === true
            ? (trace: SequenceTrace) => traces.push(this.#layerTrace(trace, l, d, T, N))
            : undefined;
        const result = sequenceFunction(this.#layout.kernel).apply(
          layerInput,
          select(initial[0]!, 0, k),
          this.hasCellState ? select(initial[1]!, 0, k) : null,
          p.weightIh,
          p.weightHh,
          p.biasIh,
          p.biasHh,
          p.peepholeI,
          p.peepholeF,
          p.peepholeO,
          p.weightHr,
          {
            reverse: d === 1,
            lengths,
            gateNames: this.#layout.gateNames,
            onTrace,
            ...(l === 0 && tokens !== undefined ? { tokens } : {}),
            ...(l === L - 1 && outBatchFirst ? { batchFirst: true } : {}),
          },
        );
        outputs.push(result[0]!);
        finals.forEach((list, s) => list.push(result[s + 1]!));
      }
      layerInput = D === 1 ? outputs[0]! : concat(outputs, -1);
      if (l < L - 1 && this.dropout > 0 && this.training)
        layerInput = dropout(layerInput, this.dropout, { generator: this.#generator });
    }
    let output =
      this.batchFirst && !unbatched && !outBatchFirst ? layerInput.transpose(0, 1) : layerInput;
    if (unbatched) output = output.reshape([T, D * this.outputSize]);
    const stacked = finals.map((list, s) => {
      const all = stack(list, 0);
      return unbatched ? all.reshape([L * D, sizes[s]!]) : all;
    });
    const trace =
      options.trace === true ? { kind: this.constructor.name, layers: traces } : undefined;
    return { output, finals: stacked, trace };
  }

  #checkInput(api: string, input: Tensor): void {
    if (!(input instanceof Tensor))
      throw new ArgumentError(`${api}: input must be a Tensor, got ${typeof input}.`, {
        argument: 'input',
      });
    if (!isFloatDType(input.dtype))
      throw new DTypeError(`${api}: input must be float32 or float64, got ${input.dtype}.`);
    const parameterDType = this.layers[0]![0]!.weightIh.dtype;
    if (input.dtype !== parameterDType) {
      throw new DTypeError(
        `${api}: input must have the parameters' dtype ${parameterDType}, got ${input.dtype}. Hint: cast with input.to('${parameterDType}'), or build the layer with dtype '${input.dtype}'.`,
      );
    }
    const layout = this.batchFirst ? `[N, L, ${this.inputSize}]` : `[L, N, ${this.inputSize}]`;
    if (
      (input.rank !== 2 && input.rank !== 3) ||
      input.shape[input.rank - 1] !== this.inputSize ||
      input.shape[input.rank - 2] === 0
    ) {
      throw new ShapeError(
        `${api}: input must have shape ${layout} (batchFirst ${this.batchFirst}) or [L, ${this.inputSize}] (unbatched), got ${formatShape(input.shape)}.`,
        { argument: 'input', expected: layout, actual: formatShape(input.shape) },
      );
    }
  }

  /** A checked input as `[T, N, inputSize]`. */
  #timeMajor(input: Tensor): Tensor {
    if (input.rank === 2) return input.reshape([input.shape[0] ?? 0, 1, this.inputSize]);
    return this.batchFirst ? input.transpose(0, 1) : input;
  }

  #checkLengths(
    api: string,
    given: RecurrentForwardOptions['lengths'],
    T: number,
    N: number,
  ): Int32Array | null {
    if (given === undefined) return null;
    const values = given instanceof Tensor ? Array.from(given.data()) : given;
    if (!Array.isArray(values) && !(given instanceof Tensor)) {
      throw new ArgumentError(
        `${api}: lengths must be an array or a 1-D tensor of N = ${N} integers, got ${typeof given}.`,
        { argument: 'lengths' },
      );
    }
    if (values.length !== N || (given instanceof Tensor && given.rank !== 1)) {
      throw new ShapeError(
        `${api}: lengths must hold one length per sequence (N = ${N}), got ${given instanceof Tensor ? `shape ${formatShape(given.shape)}` : `${values.length} values`}.`,
        { argument: 'lengths' },
      );
    }
    values.forEach((length, b) => {
      if (!Number.isInteger(length) || length < 1 || length > T) {
        throw new ArgumentError(
          `${api}: lengths[${b}] must be an integer in [1, ${T}] (the sequence length L), got ${length}.`,
          { argument: 'lengths' },
        );
      }
    });
    return Int32Array.from(values);
  }

  #layerTrace(
    trace: SequenceTrace,
    layer: number,
    direction: number,
    T: number,
    N: number,
  ): LayerTrace {
    return {
      layer,
      direction: direction === 1 ? 'reverse' : 'forward',
      steps: T,
      batch: N,
      hiddenSize: this.hiddenSize,
      outputSize: this.outputSize,
      gates: trace.gates,
      c: trace.c,
      h: trace.h,
    };
  }

  protected override extraRepr(): string {
    const parts = [`${this.inputSize}, ${this.hiddenSize}`];
    if (this.numLayers !== 1) parts.push(`numLayers=${this.numLayers}`);
    if (!this.bias) parts.push('bias=false');
    if (this.batchFirst) parts.push('batchFirst=true');
    if (this.dropout !== 0) parts.push(`dropout=${this.dropout}`);
    if (this.bidirectional) parts.push('bidirectional=true');
    return parts.join(', ');
  }
}

/**
 * The base of {@link RNN} and {@link GRU}: layers whose state is the hidden state h alone, so
 * `forward` takes and returns one state tensor.
 * @category Layers
 */
export abstract class HiddenStateLayer extends RecurrentLayer {
  /** Runs the layers over a whole sequence. @throws {ShapeError} for a wrong input or h0 shape */
  forward(
    input: Tensor,
    h0?: Tensor,
    options?: RecurrentForwardOptions & { trace?: false },
  ): readonly [output: Tensor, hN: Tensor];
  /** With `trace: true`, also returns every layer's gates and states. */
  forward(
    input: Tensor,
    h0: Tensor | undefined,
    options: RecurrentForwardOptions & { trace: true },
  ): readonly [output: Tensor, hN: Tensor, trace: RecurrentTrace];
  forward(
    input: Tensor,
    h0?: Tensor,
    options: RecurrentForwardOptions = {},
  ): readonly [Tensor, Tensor] | readonly [Tensor, Tensor, RecurrentTrace] {
    const { output, finals, trace } = this.run(
      `${this.constructor.name}.forward`,
      input,
      [h0],
      options,
    );
    return trace === undefined ? [output, finals[0]!] : [output, finals[0]!, trace];
  }
}

/** `[T·N]` time-major ids from ids `[N, T]` (batch-first), `[T, N]` or `[T]` (unbatched). */
function timeMajor(ids: Tensor, batchFirst: boolean): Int32Array {
  return (batchFirst && ids.rank === 2 ? ids.transpose(0, 1) : ids).data() as Int32Array;
}
