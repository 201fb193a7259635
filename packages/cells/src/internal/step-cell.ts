// Runs a cell's fused kernel for one step: checks shapes the way PyTorch's cells do, accepts
// unbatched input, and reuses the sequence Function with a sequence of length 1.
import type { Parameter } from '@unroll/autograd';
import {
  ArgumentError,
  DTypeError,
  ShapeError,
  Tensor,
  formatShape,
  isFloatDType,
  zeros,
} from '@unroll/tensor';
import type { CellKernel } from '../cell-spec';
import { sequenceFunction } from './sequence';

/** What a cell passes to {@link stepCell}. */
export interface StepCellRequest {
  readonly api: string;
  readonly kernel: CellKernel;
  readonly inputSize: number;
  /** Sizes of the state tensors: `[R]` or `[R, H]` (h, then c). */
  readonly stateSizes: readonly number[];
  readonly x: Tensor;
  readonly state: Tensor | readonly Tensor[] | undefined;
  /** weightIh, weightHh, biasIh, biasHh, peepholeI, peepholeF, peepholeO, weightHr. */
  readonly weights: readonly [Parameter, Parameter, ...(Parameter | null)[]];
}

/** Runs one step and returns the new state tensors (`[h]` or `[h, c]`), shaped like the input's batch. */
export function stepCell(request: StepCellRequest): Tensor[] {
  const { api, kernel, inputSize, stateSizes, x } = request;
  if (!(x instanceof Tensor))
    throw new ArgumentError(`${api}: x must be a Tensor, got ${typeof x}.`, { argument: 'x' });
  if (!isFloatDType(x.dtype))
    throw new DTypeError(`${api}: x must be float32 or float64, got ${x.dtype}.`);
  const batched = x.rank === 2;
  if ((x.rank !== 1 && x.rank !== 2) || x.shape[x.rank - 1] !== inputSize) {
    throw new ShapeError(
      `${api}: x must have shape [N, ${inputSize}] or [${inputSize}], got ${formatShape(x.shape)}. Hint: for a sequence use the recurrent layer, or step over dimension 0.`,
      { argument: 'x', expected: `[N, ${inputSize}]`, actual: formatShape(x.shape) },
    );
  }
  const N = batched ? (x.shape[0] ?? 1) : 1;
  const given =
    request.state === undefined
      ? []
      : request.state instanceof Tensor
        ? [request.state]
        : [...request.state];
  if (request.state !== undefined && given.length !== stateSizes.length) {
    throw new ShapeError(
      `${api}: state must hold ${stateSizes.length} tensor(s) (${stateSizes.length === 2 ? 'h and c' : 'h'}), got ${given.length}.`,
      { argument: 'state' },
    );
  }
  const names = ['h', 'c'];
  const states = stateSizes.map((size, k) => {
    const tensor = given[k];
    if (tensor === undefined) return zeros([N, size], { dtype: x.dtype });
    const expected = batched ? [N, size] : [size];
    if (formatShape(tensor.shape) !== formatShape(expected)) {
      throw new ShapeError(
        `${api}: ${names[k]} must have shape ${formatShape(expected)} to match x ${formatShape(x.shape)}, got ${formatShape(tensor.shape)}.`,
        { argument: names[k], expected: formatShape(expected), actual: formatShape(tensor.shape) },
      );
    }
    return batched ? tensor : tensor.reshape([1, size]);
  });
  const [
    weightIh,
    weightHh,
    biasIh = null,
    biasHh = null,
    peepholeI = null,
    peepholeF = null,
    peepholeO = null,
    weightHr = null,
  ] = request.weights;
  const outputs = sequenceFunction(kernel).apply(
    x.reshape([1, N, inputSize]),
    states[0] as Tensor,
    states[1] ?? null,
    weightIh,
    weightHh,
    biasIh,
    biasHh,
    peepholeI,
    peepholeF,
    peepholeO,
    weightHr,
    { reverse: false, lengths: null, gateNames: [] },
  );
  return outputs.slice(1).map((state) => (batched ? state : state.reshape([state.shape[1] ?? 0])));
}
