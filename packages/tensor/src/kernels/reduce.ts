// Reduction kernels: Sum, Max, Min over a set of axes, and ArgMax/ArgMin over one axis.
import { defineKernel, first, type TensorMeta } from './kernel-spec';

/** Attributes of Sum, Max and Min: sorted, non-negative axes and whether to keep them. */
export interface ReduceAttrs {
  /** The axes to reduce, sorted and non-negative. */
  axes: readonly number[];
  /** Keep reduced axes as length 1. */
  keepdims: boolean;
}

/** Attributes of ArgMax and ArgMin. */
export interface ArgReduceAttrs {
  /** The axis to search, non-negative. */
  axis: number;
  /** Keep the axis as length 1. */
  keepdims: boolean;
}

/** The shape left after reducing `axes`. @internal */
export function reducedShape(
  shape: readonly number[],
  axes: readonly number[],
  keepdims: boolean,
): number[] {
  const result: number[] = [];
  shape.forEach((length, axis) => {
    if (!axes.includes(axis)) result.push(length);
    else if (keepdims) result.push(1);
  });
  return result;
}

function reduce(name: string) {
  return defineKernel<ReduceAttrs>({
    name,
    inputs: ['x'],
    infer: (inputs, { axes, keepdims }): TensorMeta[] => {
      const x = first(inputs);
      return [{ shape: reducedShape(x.shape, axes, keepdims), dtype: x.dtype }];
    },
  });
}

function argReduce(name: string) {
  return defineKernel<ArgReduceAttrs>({
    name,
    inputs: ['x'],
    infer: (inputs, { axis, keepdims }): TensorMeta[] => [
      { shape: reducedShape(first(inputs).shape, [axis], keepdims), dtype: 'int32' },
    ],
  });
}

export const sumSpec = reduce('Sum');
export const maxSpec = reduce('Max');
export const minSpec = reduce('Min');
export const argMaxSpec = argReduce('ArgMax');
export const argMinSpec = argReduce('ArgMin');
