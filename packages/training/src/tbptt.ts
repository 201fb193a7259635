// Truncated back-propagation through time: the state carried between chunks is detached so
// that each backward pass stops at the chunk boundary, and rows that start a new document get
// a fresh state.
import { noGrad } from '@unroll/autograd';
import { Tensor, cast, mul, reshape, tensor } from '@unroll/tensor';

/** A recurrent state: a tensor, or nested arrays of tensors (an LSTM's `[h, c]`). @category Training */
export type CarriedState = Tensor | readonly CarriedState[];

/**
 * The same state with every tensor detached from the graph, so the next backward pass stops
 * here (the "truncation" in truncated BPTT).
 * @category Training
 */
export function detachState<S extends CarriedState>(state: S): S {
  if (state instanceof Tensor) return state.detach() as S;
  return state.map((part) => detachState(part)) as unknown as S;
}

/**
 * Zeroes the rows of a state whose sequence starts a new document. Recurrent states are
 * `[numLayers·D, N, H]`, so the batch is axis `batchAxis` (default 1).
 * @param reset - one flag per batch row
 * @category Training
 */
export function resetStateRows<S extends CarriedState>(
  state: S,
  reset: readonly boolean[],
  batchAxis = 1,
): S {
  if (state instanceof Tensor) {
    const shape = state.shape.map((length, axis) => (axis === batchAxis ? length : 1));
    const keep = cast(
      reshape(
        tensor(
          reset.map((r) => (r ? 0 : 1)),
          { dtype: 'int32' },
        ),
        shape,
      ),
      state.dtype,
    );
    return noGrad(() => mul(state, keep)) as S;
  }
  return state.map((part) => resetStateRows(part, reset, batchAxis)) as unknown as S;
}

/**
 * Splits a batch's tensors along the time axis into chunks of `chunkLength` steps (the last
 * may be shorter), for truncated BPTT over long sequences.
 * @param tensors - tensors sharing the time axis, e.g. inputs `[N, T, F]` and targets `[N, T]`
 * @param timeAxis - the axis to cut (default 1, batch-first)
 * @returns one array of chunk tensors per chunk, in time order
 * @category Training
 */
export function timeChunks(
  tensors: readonly Tensor[],
  chunkLength: number,
  timeAxis = 1,
): Tensor[][] {
  const length = tensors[0]?.shape[timeAxis] ?? 0;
  const chunks: Tensor[][] = [];
  for (let start = 0; start < length; start += chunkLength) {
    const end = Math.min(length, start + chunkLength);
    chunks.push(
      tensors.map((t) =>
        t.slice(t.shape.map((_, axis) => (axis === timeAxis ? [start, end] : null))),
      ),
    );
  }
  return chunks;
}
