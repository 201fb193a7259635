// Elementwise kernels: unary maps, broadcasting binary arithmetic, comparisons, `Where`
// and `Cast`. They share shape rules, so their specs live together.
import type { DType } from '../dtype';
import { broadcastShapes } from '../shape';
import { defineKernel, first, type KernelSpec, type NoAttrs } from './kernel-spec';

/** The unary elementwise kernels (output has the input's shape and dtype). */
export type UnaryKernelName =
  'Neg' | 'Abs' | 'Sign' | 'Exp' | 'Log' | 'Log1p' | 'Sqrt' | 'Tanh' | 'Sigmoid' | 'Relu';

/** The broadcasting binary kernels: arithmetic, then comparisons (int32 output). */
export type BinaryKernelName =
  | 'Add'
  | 'Sub'
  | 'Mul'
  | 'Div'
  | 'Pow'
  | 'Maximum'
  | 'Minimum'
  | 'Equal'
  | 'NotEqual'
  | 'Less'
  | 'LessEqual'
  | 'Greater'
  | 'GreaterEqual';

/** A unary kernel: output has the input's shape and dtype. */
function unary(name: string): KernelSpec<NoAttrs> {
  return defineKernel({ name, inputs: ['x'], infer: (inputs) => [first(inputs)] });
}

/** A broadcasting binary kernel whose output has the (shared) input dtype, or `dtype`. */
function binary(name: string, dtype?: DType): KernelSpec<NoAttrs> {
  return defineKernel({
    name,
    inputs: ['a', 'b'],
    infer: ([a, b]) => [
      {
        shape: broadcastShapes(a?.shape ?? [], b?.shape ?? []),
        dtype: dtype ?? a?.dtype ?? 'float32',
      },
    ],
  });
}

export const negSpec = unary('Neg');
export const absSpec = unary('Abs');
export const signSpec = unary('Sign');
export const expSpec = unary('Exp');
export const logSpec = unary('Log');
export const log1pSpec = unary('Log1p');
export const sqrtSpec = unary('Sqrt');
export const tanhSpec = unary('Tanh');
export const sigmoidSpec = unary('Sigmoid');
export const reluSpec = unary('Relu');

export const addSpec = binary('Add');
export const subSpec = binary('Sub');
export const mulSpec = binary('Mul');
export const divSpec = binary('Div');
export const powSpec = binary('Pow');
export const maximumSpec = binary('Maximum');
export const minimumSpec = binary('Minimum');

export const equalSpec = binary('Equal', 'int32');
export const notEqualSpec = binary('NotEqual', 'int32');
export const lessSpec = binary('Less', 'int32');
export const lessEqualSpec = binary('LessEqual', 'int32');
export const greaterSpec = binary('Greater', 'int32');
export const greaterEqualSpec = binary('GreaterEqual', 'int32');

/** `where(condition, a, b)`: all three broadcast; output takes `a`'s dtype (equal to `b`'s). */
export const whereSpec = defineKernel({
  name: 'Where',
  inputs: ['condition', 'a', 'b'],
  infer: ([condition, a, b]) => [
    {
      shape: broadcastShapes(
        broadcastShapes(condition?.shape ?? [], a?.shape ?? []),
        b?.shape ?? [],
      ),
      dtype: a?.dtype ?? 'float32',
    },
  ],
});

/** Converts to another dtype; float → int32 truncates toward zero. */
export const castSpec = defineKernel<{ dtype: DType }>({
  name: 'Cast',
  inputs: ['x'],
  infer: (inputs, { dtype }) => [{ shape: first(inputs).shape, dtype }],
});
