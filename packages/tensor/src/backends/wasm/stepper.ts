// The wasm backend's stepper: a recurrent stack run one step per call for inference (batch-1
// generation above all). Every weight is packed once, when the stepper is built, and the state
// stays in wasm memory between steps, so a step is one product per layer, the fused cell
// kernel with T = 1 and the head's product: no copies of weights, no saved activations. With
// a token table, the first layer's input projection is folded into it (rows of
// table·W_ihᵀ + b), so a step looks its row up instead of multiplying.
import { ArgumentError } from '../../errors/argument-error';
import type { TensorInfo } from '../tensor-info';
import type {
  RecurrentStepper,
  RecurrentStepperArgs,
  RecurrentStepperLayer,
  RecurrentStepperState,
} from '../recurrent';
import type { WasmKernels } from './kernels';
import { A_BLOCK, PreparedSequence, productPacked } from './products';
import { Scope, type PackLayout } from './resident';
import {
  forwardCall,
  forwardScratch,
  projectionBias,
  summed,
  type ForwardCall,
} from './sequence-call';
import { shapeOf, values } from './sequence-saved';

/** A folded table above this many floats (64 MiB) is not built: rows are multiplied per step. */
const FOLD_LIMIT = 2 ** 24;
/** Multiply-adds of a step's recurrent product from which a step runs on every thread. */
const PARALLEL_STEP_MACS = 2 ** 17;

/** One layer's resident operands and buffers. */
interface Layer {
  readonly I: number;
  readonly GH: number;
  readonly R: number;
  readonly H: number;
  /** Packed W_ihᵀ (the first layer's is folded into the table when there is one). */
  readonly wih: number;
  /** The projection's biases summed, or 0. */
  readonly bias: number;
  readonly proj: number;
  readonly h: number;
  readonly c: number;
  readonly out: number;
  readonly call: ForwardCall;
  readonly run: PreparedSequence;
}

/** What a stepper holds in wasm memory, freed when it is collected without release(). */
interface Held {
  readonly kernels: WasmKernels;
  readonly blocks: number[];
  readonly runs: PreparedSequence[];
}

const registry = new FinalizationRegistry<Held>(({ kernels, blocks, runs }) => {
  for (const run of runs) run.release();
  for (const ptr of blocks) kernels.heap.free(ptr);
});

/** Builds a stepper over the kernels' memory (`foldLimit` in floats: tests lower it). */
export function createStepper(
  kernels: WasmKernels,
  args: RecurrentStepperArgs,
  foldLimit = FOLD_LIMIT,
): RecurrentStepper {
  return new WasmStepper(kernels, args, foldLimit);
}

class WasmStepper implements RecurrentStepper {
  readonly #kernels: WasmKernels;
  readonly #N: number;
  #blocks: number[] | null = [];
  readonly #layers: Layer[] = [];
  /** The table, folded ([V, G·H] with the first layer's biases) or as given ([V, I]). */
  readonly #table: number;
  readonly #folded: boolean;
  readonly #vocab: number;
  /** [N, I] input of the first layer (features, or gathered rows of an unfolded table). */
  readonly #x: number;
  readonly #head: { w: number; bias: number; O: number; y: number } | null;
  /** The A block of this thread's products. */
  readonly #block: number;

  constructor(kernels: WasmKernels, args: RecurrentStepperArgs, foldLimit: number) {
    this.#kernels = kernels;
    const N = (this.#N = args.batch);
    const scope = new Scope(kernels);
    try {
      this.#block = this.#own(A_BLOCK);
      for (const layer of args.layers) this.#layers.push(this.#layer(layer));
      const first = this.#layers[0];
      if (first === undefined) throw new ArgumentError('stepper: needs at least one layer.');
      this.#vocab = args.table?.shape[0] ?? 0;
      this.#folded = args.table !== null && this.#vocab * first.GH <= foldLimit;
      this.#table = args.table === null ? 0 : this.#buildTable(args.table, first, scope);
      this.#x = this.#folded ? 0 : this.#own(N * first.I);
      const head = args.head;
      const last = this.#layers[this.#layers.length - 1]!;
      this.#head =
        head === null
          ? null
          : {
              w: this.#pack(head.weight, {
                K: last.R,
                N: head.weight.shape[0] ?? 0,
                bk: 1,
                bn: last.R,
                offset: 0,
              }),
              bias: head.bias === null ? 0 : this.#put(values(head.bias)),
              O: head.weight.shape[0] ?? 0,
              y: this.#own(N * (head.weight.shape[0] ?? 0)),
            };
    } catch (error) {
      this.release();
      throw error;
    } finally {
      scope.close();
    }
    const runs = this.#layers.map((layer) => layer.run);
    registry.register(this, { kernels, blocks: this.#blocks!, runs }, this);
  }

  #own(floats: number): number {
    const ptr = this.#kernels.heap.alloc(Math.max(1, floats) * 4);
    this.#blocks!.push(ptr);
    return ptr;
  }

  #put(data: Float32Array): number {
    const ptr = this.#own(data.length);
    this.#kernels.heap.f32(ptr, data.length).set(data);
    return ptr;
  }

  #pack(info: TensorInfo, layout: PackLayout): number {
    const { exports, heap } = this.#kernels;
    const packed = this.#own(exports.packedSize(layout.K, layout.N) / 4);
    const source = heap.put(values(info));
    exports.packB(layout.K, layout.N, source + layout.offset * 4, layout.bk, layout.bn, packed);
    heap.free(source);
    return packed;
  }

  #layer(layer: RecurrentStepperLayer): Layer {
    const { cell, weights } = layer;
    const { I, H, R } = layer.sizes;
    const N = this.#N;
    const { G, width } = shapeOf(cell, H);
    const GH = G * H;
    const biases = projectionBias(cell, weights);
    const bias = biases.length === 0 ? 0 : this.#put(summed(biases));
    const wih = this.#pack(weights.weightIh, { K: I, N: GH, bk: 1, bn: I, offset: 0 });
    const proj = this.#own(N * GH);
    const h = this.#own(N * R);
    const c = cell.kind === 'lstm' ? this.#own(N * H) : 0;
    const out = this.#own(N * R);
    this.#kernels.heap.zero(h, N * R * 4);
    if (c !== 0) this.#kernels.heap.zero(c, N * H * 4);
    const call = forwardCall(
      cell,
      weights,
      { T: 1, N, H, R },
      {
        pack: (info, layout) => this.#pack(info, layout),
        vector: (info) => (info === null ? 0 : this.#put(values(info))),
      },
      {
        flags: 0,
        proj,
        ids: 0,
        wx: 0,
        inputs: 0,
        lengths: 0,
        h,
        c,
        out,
        savedH: 0,
        savedC: 0,
        act: this.#own(N * width),
        scratch: this.#own(forwardScratch(cell, N, H, R)),
      },
    );
    const run = new PreparedSequence(
      this.#kernels,
      call.fn,
      call.args,
      call.stepMacs,
      call.splittable,
      PARALLEL_STEP_MACS,
    );
    return { I, GH, R, H, wih, bias, proj, h, c, out, call, run };
  }

  /** The table as the first layer reads it: folded rows when small enough, else as given. */
  #buildTable(table: TensorInfo, first: Layer, scope: Scope): number {
    const V = this.#vocab;
    if (!this.#folded) return this.#put(values(table));
    const rows = scope.put(values(table));
    const folded = this.#own(V * first.GH);
    productPacked(
      this.#kernels,
      scope,
      {
        M: V,
        N: first.GH,
        K: first.I,
        a: rows,
        am: first.I,
        ak: 1,
        c: folded,
        ldc: first.GH,
        accumulate: false,
      },
      first.wih,
    );
    this.#kernels.exports.addRowBias(folded, V, first.GH, first.bias);
    return folded;
  }

  step(input: Int32Array | Float32Array): Float32Array {
    if (this.#blocks === null) throw new Error('stepper: used after release().');
    const { exports, heap } = this.#kernels;
    const N = this.#N;
    let previous = 0;
    for (let l = 0; l < this.#layers.length; l++) {
      const layer = this.#layers[l]!;
      let proj = layer.proj;
      if (l === 0 && this.#table !== 0) {
        const ids = input as Int32Array;
        const width = this.#folded ? layer.GH : layer.I;
        const target = this.#folded ? layer.proj : this.#x;
        for (let b = 0; b < N; b++) {
          const id = ids[b]!;
          if (!(id >= 0 && id < this.#vocab)) {
            throw new ArgumentError(
              `stepper: token ids must lie in [0, ${this.#vocab}), got ${id}.`,
              { argument: 'input' },
            );
          }
          const row = this.#table + id * width * 4;
          if (N === 1 && this.#folded) proj = row;
          else heap.f32(target + b * width * 4, width).set(heap.f32(row, width));
        }
        if (!this.#folded) this.#project(layer, this.#x);
      } else if (l === 0) {
        heap.f32(this.#x, N * layer.I).set(input);
        this.#project(layer, this.#x);
      } else {
        this.#project(layer, previous);
      }
      layer.run.set(layer.call.projAt, proj);
      layer.run.run();
      previous = layer.out;
    }
    const head = this.#head;
    const last = this.#layers[this.#layers.length - 1]!;
    if (head === null) return heap.take(previous, N * last.R);
    exports.gemmPacked(
      N,
      head.O,
      last.R,
      previous,
      last.R,
      1,
      head.w,
      head.y,
      head.O,
      0,
      this.#block,
    );
    exports.addRowBias(head.y, N, head.O, head.bias);
    return heap.take(head.y, N * head.O);
  }

  /** proj = x W_ihᵀ + b for one step (on this thread: a step's rows are few). */
  #project(layer: Layer, x: number): void {
    const { exports } = this.#kernels;
    const N = this.#N;
    const { GH, I } = layer;
    exports.gemmPacked(N, GH, I, x, I, 1, layer.wih, layer.proj, GH, 0, this.#block);
    exports.addRowBias(layer.proj, N, layer.GH, layer.bias);
  }

  state(): RecurrentStepperState {
    if (this.#blocks === null) throw new Error('stepper: used after release().');
    const heap = this.#kernels.heap;
    const N = this.#N;
    return {
      h: this.#layers.map((layer) => heap.take(layer.h, N * layer.R)),
      c: this.#layers.map((layer) => (layer.c === 0 ? null : heap.take(layer.c, N * layer.H))),
    };
  }

  setState(h: readonly Float32Array[], c: readonly (Float32Array | null)[]): void {
    if (this.#blocks === null) throw new Error('stepper: used after release().');
    const heap = this.#kernels.heap;
    const N = this.#N;
    this.#layers.forEach((layer, l) => {
      heap.f32(layer.h, N * layer.R).set(h[l]!);
      const cl = c[l];
      if (layer.c !== 0 && cl !== null && cl !== undefined) heap.f32(layer.c, N * layer.H).set(cl);
    });
  }

  release(): void {
    if (this.#blocks === null) return;
    for (const layer of this.#layers) layer.run.release();
    for (const ptr of this.#blocks) this.#kernels.heap.free(ptr);
    this.#blocks = null;
    registry.unregister(this);
  }
}
