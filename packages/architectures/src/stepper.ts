// Stepper: a recurrent layer (with an optional embedding in front and a linear head behind)
// run one step at a time for inference, the state carried inside. Generation samples a token,
// feeds it back, and repeats: on a backend with a stepper (wasm) every weight is prepared once
// and a step is a few kernel calls; elsewhere it runs the modules' own forwards step by step.
import { noGrad, type Parameter } from '@unroll/autograd';
import {
  ArgumentError,
  DTypeError,
  ShapeError,
  Tensor,
  formatShape,
  getBackend,
  fromArray,
  tensor,
  zeros,
  type Backend,
  type DataHandle,
  type RecurrentStepper,
  type RecurrentStepperLayer,
  type TensorInfo,
} from '@unroll/tensor';
import type { Embedding } from './embedding';
import type { Linear } from './linear';
import { LSTM, type LSTMState } from './lstm';
import type { HiddenStateLayer, RecurrentLayer } from './recurrent';

/** Options of {@link Stepper}. @category Layers */
export interface StepperOptions {
  /** Look token ids up in this embedding first: {@link Stepper.step} then takes ids. */
  embedding?: Embedding;
  /** Apply this linear layer to the last layer's h: {@link Stepper.step} returns its output. */
  head?: Linear;
  /** Sequences stepped side by side (default 1). */
  batch?: number;
}

/** The layer's state: h, or [h, c] for an LSTM, each `[numLayers, N, ·]`. @category Layers */
export type StepperState = Tensor | LSTMState;

/**
 * Runs a unidirectional {@link LSTM}, {@link GRU} or {@link RNN} one step at a time, for
 * inference (no gradients, no dropout), carrying the state from step to step: the loop of
 * text generation and of closed-loop forecasting. With an `embedding` a step takes token ids,
 * with a `head` it returns the head's output.
 *
 * On the wasm backend the weights are prepared once (packed, and with an embedding folded
 * into the first layer's input product) and the state stays in the backend's memory, so a
 * batch-1 step costs a few kernel calls instead of a dozen tensor operations. Weights are
 * read again when a parameter changes (an optimizer step, `assign`, loading a state dict);
 * the state is kept. Elsewhere (the cpu backend, float64) each step runs the modules'
 * forwards. Call {@link Stepper.dispose} when done to free the prepared weights at once.
 *
 * ```math
 * h_t = cell(E[x_t] or x_t, h_{t−1}),  y_t = W h_t + b
 * ```
 * @example
 * ```ts
 * const stepper = new Stepper(lstm, { embedding, head });
 * let id = 0;
 * for (let k = 0; k < 100; k++) {
 *   const logits = stepper.step([id]); // [1, vocab]
 *   id = argmax(logits, 1).item();
 * }
 * stepper.dispose();
 * ```
 * @category Layers
 */
export class Stepper {
  /** The recurrent layer. */
  readonly rnn: RecurrentLayer;
  /** The embedding in front, if any. */
  readonly embedding: Embedding | null;
  /** The head behind, if any. */
  readonly head: Linear | null;
  /** Sequences stepped side by side. */
  readonly batch: number;
  #fast: { backend: Backend; stepper: RecurrentStepper; handles: DataHandle[] } | null = null;
  /** The state of the fallback path, or the state to hand a rebuilt fast stepper. */
  #state: Tensor[];

  /**
   * @throws {ArgumentError} for a bidirectional layer, a non-positive batch, or sizes that do
   * not fit together (embedding width ≠ inputSize, head input ≠ the layer's output size)
   */
  constructor(rnn: RecurrentLayer, options: StepperOptions = {}) {
    this.rnn = rnn;
    this.embedding = options.embedding ?? null;
    this.head = options.head ?? null;
    this.batch = options.batch ?? 1;
    if (!Number.isInteger(this.batch) || this.batch < 1) {
      throw new ArgumentError(`Stepper: batch must be a positive integer, got ${options.batch}.`, {
        argument: 'batch',
      });
    }
    if (rnn.bidirectional) {
      throw new ArgumentError(
        'Stepper: the layer must be unidirectional, got bidirectional: a reverse direction needs the whole sequence.',
        { argument: 'rnn' },
      );
    }
    if (this.embedding !== null && this.embedding.embeddingDim !== rnn.inputSize) {
      throw new ShapeError(
        `Stepper: the embedding's width must equal the layer's inputSize ${rnn.inputSize}, got ${this.embedding.embeddingDim}.`,
        {
          argument: 'embedding',
          expected: `${rnn.inputSize}`,
          actual: `${this.embedding.embeddingDim}`,
        },
      );
    }
    if (this.head !== null && this.head.inFeatures !== rnn.outputSize) {
      throw new ShapeError(
        `Stepper: the head's inFeatures must equal the layer's output size ${rnn.outputSize}, got ${this.head.inFeatures}.`,
        { argument: 'head', expected: `${rnn.outputSize}`, actual: `${this.head.inFeatures}` },
      );
    }
    this.#state = this.#zeroState();
  }

  /** The parameters the prepared weights come from, in a fixed order. */
  #parameters(): Parameter[] {
    const list: (Parameter | null)[] = [];
    if (this.embedding !== null) list.push(this.embedding.weight);
    for (const [p] of this.rnn.layers) {
      list.push(p!.weightIh, p!.weightHh, p!.biasIh, p!.biasHh);
      list.push(p!.peepholeI, p!.peepholeF, p!.peepholeO, p!.weightHr);
    }
    if (this.head !== null) list.push(this.head.weight, this.head.bias);
    return list.filter((p): p is Parameter => p !== null);
  }

  #zeroState(): Tensor[] {
    const { numLayers, outputSize, hiddenSize } = this.rnn;
    const dtype = this.rnn.layers[0]![0]!.weightIh.dtype;
    const sizes = this.rnn.cellKernel.hasCellState ? [outputSize, hiddenSize] : [outputSize];
    return sizes.map((size) => zeros([numLayers, this.batch, size], { dtype }));
  }

  /** The backend's stepper when it fuses this stack, rebuilt when a weight changed. */
  #stepper(): RecurrentStepper | null {
    const backend = getBackend();
    const fused = backend.recurrent;
    const cell = this.rnn.cellKernel.cell;
    const parameters = this.#parameters();
    const dtype = parameters[0]!.dtype;
    const fast = this.#fast;
    if (fast !== null) {
      const same =
        fast.backend === backend && parameters.every((p, k) => p.info().data === fast.handles[k]);
      if (same) return fast.stepper;
      this.#state = this.#readFast(fast.stepper);
      fast.stepper.release();
      this.#fast = null;
    }
    if (
      cell === undefined ||
      fused?.stepper === undefined ||
      !fused.supports(cell, dtype) ||
      !parameters.every((p) => p.dtype === dtype && p.backend === backend)
    ) {
      return null;
    }
    const info = (p: Parameter | null): TensorInfo | null => (p === null ? null : p.info());
    const layers: RecurrentStepperLayer[] = this.rnn.layers.map(([p]) => ({
      cell,
      sizes: {
        I: p!.weightIh.shape[1]!,
        H: this.rnn.hiddenSize,
        R: this.rnn.outputSize,
      },
      weights: {
        weightIh: p!.weightIh.info(),
        weightHh: p!.weightHh.info(),
        biasIh: info(p!.biasIh),
        biasHh: info(p!.biasHh),
        peepholeI: info(p!.peepholeI),
        peepholeF: info(p!.peepholeF),
        peepholeO: info(p!.peepholeO),
        weightHr: info(p!.weightHr),
      },
    }));
    const stepper = fused.stepper({
      batch: this.batch,
      table: this.embedding === null ? null : this.embedding.weight.info(),
      layers,
      head:
        this.head === null ? null : { weight: this.head.weight.info(), bias: info(this.head.bias) },
    });
    this.#writeFast(stepper, this.#state);
    this.#fast = { backend, stepper, handles: parameters.map((p) => p.info().data) };
    return stepper;
  }

  #readFast(stepper: RecurrentStepper): Tensor[] {
    const { h, c } = stepper.state();
    const parts = this.rnn.cellKernel.hasCellState ? [h, c as Float32Array[]] : [h];
    const template = this.#state;
    return parts.map((layers, s) => {
      const joined = new Float32Array(template[s]!.size);
      let at = 0;
      for (const values of layers) {
        joined.set(values, at);
        at += values.length;
      }
      return tensor(joined, { dtype: template[s]!.dtype }).reshape(template[s]!.shape);
    });
  }

  #writeFast(stepper: RecurrentStepper, state: Tensor[]): void {
    const L = this.rnn.numLayers;
    const split = (t: Tensor | undefined): Float32Array[] | null => {
      if (t === undefined) return null;
      const values = Float32Array.from(t.data() as ArrayLike<number>);
      const part = values.length / L;
      return Array.from({ length: L }, (_, l) => values.subarray(l * part, (l + 1) * part));
    };
    stepper.setState(split(state[0])!, split(state[1]) ?? Array.from({ length: L }, () => null));
  }

  /**
   * Runs one step.
   * @param input - with an embedding, `batch` token ids (an array, or an int32 tensor `[N]`);
   * else a float tensor `[N, inputSize]`
   * @returns the head's output `[N, outFeatures]`, or the last layer's h `[N, H_out]`
   * @throws {ArgumentError} for ids out of range or the wrong count
   * @throws {ShapeError} for features of the wrong shape
   */
  step(input: readonly number[] | Int32Array | Tensor): Tensor {
    const N = this.batch;
    const dtype = this.#state[0]!.dtype;
    let ids: Int32Array | null = null;
    let features: Tensor | null = null;
    if (this.embedding !== null) {
      const given = input instanceof Tensor ? input.data() : input;
      ids = Int32Array.from(given);
      const V = this.embedding.numEmbeddings;
      if (ids.length !== N) {
        throw new ArgumentError(
          `Stepper.step: expected ${N} token ids (batch), got ${ids.length}.`,
          {
            argument: 'input',
          },
        );
      }
      for (let b = 0; b < N; b++) {
        const id = given[b]!;
        if (!Number.isInteger(id) || id < 0 || id >= V) {
          throw new ArgumentError(
            `Stepper.step: token ids must be integers in [0, ${V - 1}], got ${id}.`,
            { argument: 'input' },
          );
        }
      }
    } else {
      const expected = [N, this.rnn.inputSize];
      if (!(input instanceof Tensor) || formatShape(input.shape) !== formatShape(expected)) {
        throw new ShapeError(
          `Stepper.step: input must be a tensor of shape ${formatShape(expected)} = [batch, inputSize], got ${input instanceof Tensor ? formatShape(input.shape) : 'token ids (give the Stepper an embedding for ids)'}.`,
          {
            argument: 'input',
            expected: formatShape(expected),
            actual: input instanceof Tensor ? formatShape(input.shape) : 'ids',
          },
        );
      }
      if (input.dtype !== dtype) {
        throw new DTypeError(
          `Stepper.step: input must be ${dtype} like the weights, got ${input.dtype}.`,
        );
      }
      features = input;
    }
    const stepper = this.#stepper();
    if (stepper !== null) {
      const out = stepper.step(ids ?? Float32Array.from(features!.data() as ArrayLike<number>));
      // A fresh array from the backend (float32, the fast path's only dtype): no second copy.
      return fromArray(out, [N, out.length / N]);
    }
    return this.#slowStep(ids, features);
  }

  /** One step through the modules' forwards (every backend and dtype). */
  #slowStep(ids: Int32Array | null, features: Tensor | null): Tensor {
    const rnn = this.rnn;
    const wasTraining = rnn.training;
    rnn.eval();
    try {
      return noGrad(() => {
        const N = this.batch;
        let x =
          ids !== null
            ? this.embedding!.forward(tensor(ids, { dtype: 'int32' })).reshape([N, 1, -1])
            : features!.reshape([N, 1, -1]);
        if (!rnn.batchFirst) x = x.transpose(0, 1);
        let output: Tensor;
        if (rnn instanceof LSTM) {
          const [y, [h, c]] = rnn.forward(x, [this.#state[0]!, this.#state[1]!]);
          this.#state = [h, c];
          output = y;
        } else {
          const [y, h] = (rnn as HiddenStateLayer).forward(x, this.#state[0]);
          this.#state = [h];
          output = y;
        }
        const h = output.reshape([N, -1]);
        return this.head === null ? h : this.head.forward(h);
      });
    } finally {
      rnn.train(wasTraining);
    }
  }

  /** The carried state: h `[numLayers, N, H_out]`, or `[h, c]` for an LSTM (copies). */
  get state(): StepperState {
    if (this.#fast !== null) this.#state = this.#readFast(this.#fast.stepper);
    const [h, c] = this.#state;
    return c === undefined ? h! : [h!, c];
  }

  /**
   * Sets the carried state (the shapes of {@link Stepper.state}); `reset()` zeroes it.
   * @throws {ShapeError} for a state of the wrong shape
   */
  reset(state?: StepperState): void {
    const zero = this.#zeroState();
    if (state === undefined) {
      this.#state = zero;
    } else {
      const given = state instanceof Tensor ? [state] : [...state];
      if (
        given.length !== zero.length ||
        given.some(
          (t, k) => !(t instanceof Tensor) || formatShape(t.shape) !== formatShape(zero[k]!.shape),
        )
      ) {
        const expected = zero.map((t) => formatShape(t.shape)).join(' and ');
        const actual = given
          .map((t) => (t instanceof Tensor ? formatShape(t.shape) : typeof t))
          .join(' and ');
        throw new ShapeError(`Stepper.reset: state must be ${expected}, got ${actual}.`, {
          argument: 'state',
          expected,
          actual,
        });
      }
      this.#state = given.map((t) => t.detach());
    }
    if (this.#fast !== null) this.#writeFast(this.#fast.stepper, this.#state);
  }

  /** Frees the weights the backend prepared (the stepper prepares them again if stepped). */
  dispose(): void {
    if (this.#fast === null) return;
    this.#state = this.#readFast(this.#fast.stepper);
    this.#fast.stepper.release();
    this.#fast = null;
  }
}
