// What a fused forward keeps for its backward, in wasm memory, and the helpers both passes use.
import type { TensorInfo } from '../tensor-info';
import type { RecurrentCell, RecurrentSaved, RecurrentSizes, RecurrentWeights } from '../recurrent';
import { GRU_RESET_BEFORE, LSTM_COUPLED, LSTM_PEEPHOLE, RNN_RELU } from './codes';
import type { WasmKernels } from './kernels';
import { packedWeight, residentValues, type PackLayout, type Scope } from './resident';

export const values = (info: TensorInfo): Float32Array => info.data as Float32Array;

/** Gate blocks and saved width per row of a cell. */
export function shapeOf(cell: RecurrentCell, H: number): { G: number; width: number } {
  if (cell.kind === 'lstm') {
    const G = cell.coupled === true ? 3 : 4;
    return { G, width: G * H + 2 * H };
  }
  if (cell.kind === 'gru') return { G: 3, width: 4 * H };
  return { G: 1, width: H };
}

/** A forward whose input was table rows looked up by token (the ids kept in wasm memory). */
export interface SavedTokens {
  /** `[T·N]` int32 ids. */
  readonly ids: number;
  /** Whether `x` is the `[V, I]` table (projected once) rather than the gathered `[T·N, I]` rows. */
  readonly folded: boolean;
  /** Rows of the table. */
  readonly V: number;
}

export class Saved implements RecurrentSaved {
  #blocks: number[] | null;
  constructor(
    readonly kernels: WasmKernels,
    readonly cell: RecurrentCell,
    readonly sizes: RecurrentSizes,
    readonly weights: RecurrentWeights,
    readonly reverse: boolean,
    readonly lengths: Int32Array | null,
    readonly x: number,
    readonly tokens: SavedTokens | null,
    /** Whether the output went out, and dOutput comes in, batch-first. */
    readonly batchFirst: boolean,
    readonly savedH: number,
    readonly savedC: number,
    readonly act: number,
  ) {
    this.#blocks = [x, savedH, act, ...(savedC === 0 ? [] : [savedC])];
    if (tokens !== null) this.#blocks.push(tokens.ids);
    savedRegistry().register(this, { kernels, blocks: this.#blocks }, this);
  }

  get released(): boolean {
    return this.#blocks === null;
  }

  activations(): Float32Array {
    const { T, N, H } = this.sizes;
    if (this.#blocks === null) throw new Error('internal: activations read after release');
    return this.kernels.heap.take(this.act, T * N * shapeOf(this.cell, H).width);
  }

  release(): void {
    if (this.#blocks === null) return;
    for (const ptr of this.#blocks) this.kernels.heap.free(ptr);
    this.#blocks = null;
    savedRegistry().unregister(this);
  }
}

let registry: FinalizationRegistry<{ kernels: WasmKernels; blocks: number[] }> | undefined;
function savedRegistry(): FinalizationRegistry<{ kernels: WasmKernels; blocks: number[] }> {
  registry ??= new FinalizationRegistry(({ kernels, blocks }) => {
    for (const ptr of blocks) kernels.heap.free(ptr);
  });
  return registry;
}

/**
 * A call's weight operands in wasm memory: `pack` lays a matrix out for the micro-kernel,
 * `vector` places a bias or peephole vector (0 for an absent one). Both reuse what an earlier
 * call with the same weights left resident (resident.ts).
 */
export function weightOperands(
  kernels: WasmKernels,
  scope: Scope,
): {
  pack: (info: TensorInfo, layout: PackLayout) => number;
  vector: (info: TensorInfo | null) => number;
} {
  return {
    pack: (info, layout) => packedWeight(kernels, scope, info.data, values(info), layout),
    vector: (info) => (info === null ? 0 : residentValues(kernels, scope, info.data, values(info))),
  };
}

/** The kernel's flag bits of the cell's variant (assembly/lstm.ts, gru.ts, rnn.ts). */
export function variantFlags(cell: RecurrentCell): number {
  if (cell.kind === 'lstm')
    return (
      (cell.peephole === true ? LSTM_PEEPHOLE : 0) | (cell.coupled === true ? LSTM_COUPLED : 0)
    );
  if (cell.kind === 'gru') return cell.resetAfter === false ? GRU_RESET_BEFORE : 0;
  return cell.relu === true ? RNN_RELU : 0;
}
