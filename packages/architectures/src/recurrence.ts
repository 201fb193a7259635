// Runs any cell that follows the RecurrentCell contract (a user's cell written with tensor
// ops) over whole sequences, unfused: stacked, bidirectional, batch-first, variable lengths.
import { Module, type RecurrentCell } from '@unroll/cells';
import {
  ArgumentError,
  ShapeError,
  type Tensor,
  concat,
  formatShape,
  select,
  stack,
  tensor,
  where,
  zeros,
  type Generator,
} from '@unroll/tensor';
import { dropout } from './dropout';

/** Options of {@link Recurrence}. @category Layers */
export interface RecurrenceOptions {
  /** Builds the cell of layer `layer`, direction `direction`, reading `inputSize` features. */
  cell: (layer: number, direction: number, inputSize: number) => RecurrentCell;
  /** Features per input step of the first layer. */
  inputSize: number;
  /** Stacked layers (default 1). */
  numLayers?: number;
  /** Add a reverse direction (default false). */
  bidirectional?: boolean;
  /** `[N, L, ·]` layout for input and output (default false). */
  batchFirst?: boolean;
  /** Dropout between layers in training mode (default 0). */
  dropout?: number;
  /** Source of dropout masks. */
  generator?: Generator;
}

/**
 * A recurrent layer around user-written cells: any {@link RecurrentCell} built from tensor
 * ops runs here unfused, with autograd doing the backward. Semantics match {@link LSTM}:
 * layer l > 0 reads both directions of layer l − 1, padded steps give 0, and final states are
 * each sequence's own.
 *
 * **Inputs**: `input` `[L, N, inputSize]` (or batch-first); `state`: one tensor per state of
 * the cell, `[numLayers·D, N, stateSizes[k]]`, zeros if omitted. **Outputs**:
 * `[output [L, N, D·hiddenSize], finalStates]`.
 * @example
 * ```ts
 * const layer = new Recurrence({
 *   inputSize: 8, numLayers: 2,
 *   cell: (_layer, _direction, inputSize) => new LayerNormLSTMCell({ inputSize, hiddenSize: 16 }),
 * });
 * const [output, [hN, cN]] = layer.forward(randn([10, 4, 8]));
 * ```
 * @category Layers
 */
export class Recurrence extends Module {
  /** Features per input step, H_in. */
  readonly inputSize: number;
  /** Number of stacked layers. */
  readonly numLayers: number;
  /** Whether a reverse direction runs too. */
  readonly bidirectional: boolean;
  /** Whether input and output are `[N, L, ·]`. */
  readonly batchFirst: boolean;
  /** Dropout probability between layers (training only). */
  readonly dropout: number;
  /** `cells[l][d]`. */
  readonly cells: RecurrentCell[][];
  readonly #generator: Generator | undefined;

  constructor(options: RecurrenceOptions) {
    super();
    const positive = (name: string, value: unknown): number => {
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
        throw new ArgumentError(
          `Recurrence: ${name} must be a positive integer, got ${JSON.stringify(value)}.`,
          { argument: name },
        );
      }
      return value;
    };
    this.inputSize = positive('inputSize', options.inputSize);
    this.numLayers = positive('numLayers', options.numLayers ?? 1);
    if (typeof options.cell !== 'function') {
      throw new ArgumentError(
        `Recurrence: cell must be a function (layer, direction, inputSize) => RecurrentCell, got ${typeof options.cell}.`,
        { argument: 'cell' },
      );
    }
    if (options.dropout !== undefined && !(options.dropout >= 0 && options.dropout < 1)) {
      throw new ArgumentError(
        `Recurrence: dropout must be a number in [0, 1), got ${options.dropout}.`,
        { argument: 'dropout' },
      );
    }
    this.bidirectional = options.bidirectional ?? false;
    this.batchFirst = options.batchFirst ?? false;
    this.dropout = options.dropout ?? 0;
    this.#generator = options.generator;
    const D = this.bidirectional ? 2 : 1;
    this.cells = [];
    for (let l = 0; l < this.numLayers; l++) {
      const width = l === 0 ? this.inputSize : D * (this.cells[l - 1]?.[0]?.hiddenSize ?? 0);
      this.cells.push(Array.from({ length: D }, (_, d) => options.cell(l, d, width)));
    }
    const sizes = JSON.stringify(this.cells[0]?.[0]?.stateSizes);
    if (this.cells.some((row) => row.some((cell) => JSON.stringify(cell.stateSizes) !== sizes))) {
      throw new ArgumentError('Recurrence: every cell must have the same stateSizes.', {
        argument: 'cell',
      });
    }
  }

  /** Runs the cells over the sequence. @throws {ShapeError} for wrong input or state shapes */
  forward(
    input: Tensor,
    state?: readonly Tensor[],
    options: { lengths?: readonly number[] } = {},
  ): readonly [output: Tensor, state: Tensor[]] {
    const first = this.cells[0]![0]!;
    if (input.rank !== 3 || input.shape[2] !== this.inputSize) {
      throw new ShapeError(
        `Recurrence.forward: input must have shape ${this.batchFirst ? '[N, L' : '[L, N'}, ${this.inputSize}], got ${formatShape(input.shape)}.`,
        { argument: 'input' },
      );
    }
    const x = this.batchFirst ? input.transpose(0, 1) : input;
    const [T = 0, N = 0] = x.shape;
    const D = this.bidirectional ? 2 : 1;
    const initial = first.stateSizes.map((size, k) => {
      const given = state?.[k];
      const expected = [this.numLayers * D, N, size];
      if (given === undefined) return zeros(expected, { dtype: x.dtype });
      if (formatShape(given.shape) !== formatShape(expected)) {
        throw new ShapeError(
          `Recurrence.forward: state[${k}] must have shape ${formatShape(expected)} = [numLayers·D, N, stateSizes[${k}]], got ${formatShape(given.shape)}.`,
          { argument: 'state' },
        );
      }
      return given;
    });
    const lengths = options.lengths;
    if (lengths !== undefined && lengths.length !== N) {
      throw new ArgumentError(
        `Recurrence.forward: lengths must hold one length per sequence (N = ${N}), got ${lengths.length} values.`,
        { argument: 'lengths' },
      );
    }
    lengths?.forEach((length, b) => {
      if (!Number.isInteger(length) || length < 1 || length > T) {
        throw new ArgumentError(
          `Recurrence.forward: lengths must hold N = ${N} integers in [1, ${T}], got ${length} at ${b} (of ${lengths.length}).`,
          { argument: 'lengths' },
        );
      }
    });
    const active = (t: number): Tensor | null =>
      lengths === undefined
        ? null
        : tensor(
            Array.from({ length: N }, (_, b) => [t < (lengths[b] ?? T) ? 1 : 0]),
            { dtype: 'int32' },
          );
    const finals: Tensor[][] = initial.map(() => []);
    let layerInput = x;
    for (let l = 0; l < this.numLayers; l++) {
      const outputs: Tensor[] = [];
      for (let d = 0; d < D; d++) {
        const cell = this.cells[l]![d]!;
        let states = initial.map((s) => select(s, 0, l * D + d));
        const steps: Tensor[] = new Array<Tensor>(T);
        for (let k = 0; k < T; k++) {
          const t = d === 1 ? T - 1 - k : k;
          const next = cell.step(select(layerInput, 0, t), states);
          const mask = active(t);
          states = mask === null ? next : next.map((s, j) => where(mask, s, states[j]!));
          steps[t] = mask === null ? next[0]! : where(mask, next[0]!, 0);
        }
        outputs.push(stack(steps, 0));
        states.forEach((s, j) => finals[j]!.push(s));
      }
      layerInput = D === 1 ? outputs[0]! : concat(outputs, -1);
      if (l < this.numLayers - 1 && this.dropout > 0 && this.training)
        layerInput = dropout(layerInput, this.dropout, { generator: this.#generator });
    }
    const output = this.batchFirst ? layerInput.transpose(0, 1) : layerInput;
    return [output, finals.map((list) => stack(list, 0))];
  }
}
