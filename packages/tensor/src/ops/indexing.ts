// Index-driven ops: gather (PyTorch's), indexSelect, scatterAdd and oneHot. Index values are
// checked against the axis length before any kernel runs.
import { runKernel1 } from '../dispatch';
import { ArgumentError } from '../errors/argument-error';
import { DTypeError } from '../errors/dtype-error';
import { ShapeError } from '../errors/shape-error';
import { formatShape, normalizeAxis } from '../shape';
import type { Tensor, TensorLike } from '../tensor';
import { toTensor } from './convert';
import { cast, equal } from './elementwise';
import { unsqueeze } from './layout';
import { arange, resolveDType } from './creation';

/** Converts an index argument, requiring int32 values in `[0, length)`. */
function indexTensor(
  value: TensorLike,
  api: string,
  argument: string,
  length: number,
  axis: number,
): Tensor {
  const index = toTensor(value, api, argument, 'int32');
  if (index.dtype !== 'int32') {
    throw new DTypeError(
      `${api}: ${argument} must have dtype int32, got ${index.dtype}. Hint: cast with .to('int32').`,
    );
  }
  for (const v of index.data()) {
    if (v < 0 || v >= length) {
      throw new ArgumentError(
        `${api}: ${argument} must hold indices in [0, ${length - 1}] for axis ${axis} of length ${length}, got ${v}.`,
        { argument },
      );
    }
  }
  return index;
}

/**
 * PyTorch's `gather`: picks, along `axis`, the element named by `index` at each position.
 * ```math
 * out[i][j][k] = x[i][index[i][j][k]][k]   (axis = 1)
 * ```
 * @param x - any shape
 * @param index - int32, same rank as `x`, no longer than `x` on other axes
 * @returns the shape of `index`
 * @see torch.gather
 * @category Indexing
 */
export function gather(x: TensorLike, axis: number, index: TensorLike): Tensor {
  const input = toTensor(x, 'gather', 'x');
  const resolved = normalizeAxis(axis, input.rank, 'gather');
  const indices = indexTensor(index, 'gather', 'index', input.shape[resolved] ?? 0, resolved);
  checkIndexShape('gather', input, indices, resolved);
  return runKernel1('GatherElements', [input, indices], { axis: resolved });
}

function checkIndexShape(api: string, input: Tensor, index: Tensor, axis: number): void {
  const fits =
    index.rank === input.rank &&
    index.shape.every((length, a) => a === axis || length <= (input.shape[a] ?? 0));
  if (!fits) {
    throw new ShapeError(
      `${api}: index must have x's rank ${input.rank} and be no longer than x on axes other than ${axis}, got index ${formatShape(index.shape)} for x ${formatShape(input.shape)}.`,
      { argument: 'index', expected: formatShape(input.shape), actual: formatShape(index.shape) },
    );
  }
}

/** Options of {@link indexSelect}. @category Indexing */
export interface IndexSelectOptions {
  /**
   * Copy the slices when the result's values are first needed (read, or used by another op)
   * rather than now; the values are those of `x` now either way. For a lookup whose result may
   * never be read: an `Embedding`'s output that a recurrent layer reads by id instead.
   */
  defer?: boolean;
}

/**
 * Selects whole slices along `axis` by a 1-D list of indices (an embedding lookup is
 * `indexSelect(table, 0, ids)`).
 * @param indices - 1-D int32
 * @returns `x`'s shape with `axis` replaced by `indices.length`
 * @see torch.index_select
 * @category Indexing
 */
export function indexSelect(
  x: TensorLike,
  axis: number,
  indices: TensorLike,
  options: IndexSelectOptions = {},
): Tensor {
  const { input, resolved, list } = sliceList('indexSelect', x, axis, indices);
  return runKernel1('IndexSelect', [input, list], { axis: resolved }, { defer: options.defer });
}

/** The checked operands of indexSelect and indexAdd: `x`, the axis, the 1-D int32 list. */
function sliceList(
  api: string,
  x: TensorLike,
  axis: number,
  indices: TensorLike,
): { input: Tensor; resolved: number; list: Tensor } {
  const input = toTensor(x, api, 'x');
  const resolved = normalizeAxis(axis, input.rank, api);
  const list = indexTensor(indices, api, 'indices', input.shape[resolved] ?? 0, resolved);
  if (list.rank !== 1) {
    throw new ShapeError(`${api}: indices must be 1-D, got shape ${formatShape(list.shape)}.`, {
      argument: 'indices',
    });
  }
  return { input, resolved, list };
}

/**
 * PyTorch's `scatter_add`: a copy of `x` with each `source` element added at the position
 * `index` names along `axis` (repeated indices accumulate).
 * @see torch.scatter_add
 * @category Indexing
 */
export function scatterAdd(
  x: TensorLike,
  axis: number,
  index: TensorLike,
  source: TensorLike,
): Tensor {
  const input = toTensor(x, 'scatterAdd', 'x');
  const resolved = normalizeAxis(axis, input.rank, 'scatterAdd');
  const indices = indexTensor(index, 'scatterAdd', 'index', input.shape[resolved] ?? 0, resolved);
  checkIndexShape('scatterAdd', input, indices, resolved);
  const values = cast(toTensor(source, 'scatterAdd', 'source'), input.dtype);
  const fits =
    values.rank === indices.rank &&
    indices.shape.every((length, a) => length <= (values.shape[a] ?? 0));
  if (!fits) {
    throw new ShapeError(
      `scatterAdd: source must be at least as long as index on every axis, got source ${formatShape(values.shape)} and index ${formatShape(indices.shape)}.`,
      { argument: 'source' },
    );
  }
  return runKernel1('ScatterAdd', [input, indices, values], { axis: resolved });
}

/**
 * PyTorch's `index_add`: a copy of `x` with slice k of `source` along `axis` added at slice
 * `indices[k]` (repeated indices accumulate). `indexSelect`'s gradient.
 * @param indices - 1-D int32, each in `[0, x.shape[axis])`
 * @param source - `x`'s shape with `axis` replaced by `indices.length`
 * @throws {ShapeError} if `indices` is not 1-D or `source` has the wrong shape
 * @example
 * ```ts
 * indexAdd(zeros([3, 2]), 0, tensor([2, 0, 2], { dtype: 'int32' }), ones([3, 2])); // rows 2, 0: [[1, 1], [0, 0], [2, 2]]
 * ```
 * @see torch.index_add
 * @category Indexing
 */
export function indexAdd(
  x: TensorLike,
  axis: number,
  indices: TensorLike,
  source: TensorLike,
): Tensor {
  const { input, resolved, list } = sliceList('indexAdd', x, axis, indices);
  const values = cast(toTensor(source, 'indexAdd', 'source'), input.dtype);
  const expected = input.shape.map((length, a) => (a === resolved ? list.size : length));
  if (formatShape(values.shape) !== formatShape(expected)) {
    throw new ShapeError(
      `indexAdd: source must have shape ${formatShape(expected)}, got ${formatShape(values.shape)}.`,
      { argument: 'source', expected: formatShape(expected), actual: formatShape(values.shape) },
    );
  }
  return runKernel1('IndexAdd', [input, list, values], { axis: resolved });
}

/**
 * One-hot encoding: a new last axis of length `numClasses` with 1 at each index.
 * @param indices - int32 class indices in `[0, numClasses)`
 * @param options - `dtype` of the result (default `int32`, PyTorch returns integers too)
 * @returns `[...indices.shape, numClasses]`
 * @see torch.nn.functional.one_hot
 * @category Indexing
 */
export function oneHot(
  indices: TensorLike,
  numClasses: number,
  options: { dtype?: 'float32' | 'float64' | 'int32' } = {},
): Tensor {
  if (!Number.isInteger(numClasses) || numClasses <= 0) {
    throw new ArgumentError(`oneHot: numClasses must be a positive integer, got ${numClasses}.`, {
      argument: 'numClasses',
    });
  }
  const list = toTensor(indices, 'oneHot', 'indices', 'int32');
  for (const v of list.data()) {
    if (v < 0 || v >= numClasses) {
      throw new ArgumentError(`oneHot: indices must be in [0, ${numClasses - 1}], got ${v}.`, {
        argument: 'indices',
      });
    }
  }
  const hot = equal(unsqueeze(list, -1), arange(numClasses));
  return cast(hot, resolveDType(options.dtype, 'oneHot', 'int32'));
}
