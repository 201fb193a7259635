// wasm elementwise maps, broadcasting binary ops and reductions over float32
// (assembly/elementwise.ts). Each call copies its operands in and its result out, so only
// tensors of ELEMENTWISE_IN_WASM elements or more come here; each function returns null for a
// case its kernel does not cover (another dtype, an op without a vector kernel, a broadcast
// other than full / row / column / scalar, reduced axes that are not one block), and the
// backend then runs the reference kernel.
import type { KernelName } from '../../kernels';
import type { TensorMeta } from '../../kernels/kernel-spec';
import { sizeOf } from '../../shape';
import type { DataHandle, TensorInfo } from '../backend';
import * as codes from './codes';
import { wasmKernels } from './kernels';
import { Scope } from './resident';

/**
 * Output elements (input elements for a reduction) from which an op runs in wasm. Measured,
 * copies and the output's allocation included: at 32 × 64 a bias add takes 16 µs against the
 * reference's 28, `tanh` 13 against 39, a column sum 14 against 27; at W1's 2,048 × 65 logits
 * 300 against 630, 420 against 3,100 and 70 against 410. Below this the fixed costs of a call
 * (a scope, the copies) leave nothing to gain.
 */
export const ELEMENTWISE_IN_WASM = 2 ** 11;

const unaryOps: Partial<Record<KernelName, number>> = {
  Neg: codes.UNARY_NEG,
  Abs: codes.UNARY_ABS,
  Sqrt: codes.UNARY_SQRT,
  Tanh: codes.UNARY_TANH,
  Sigmoid: codes.UNARY_SIGMOID,
  Relu: codes.UNARY_RELU,
  Exp: codes.UNARY_EXP,
  Log: codes.UNARY_LOG,
  Sign: codes.UNARY_SIGN,
};

const binaryOps: Partial<Record<KernelName, number>> = {
  Add: codes.BINARY_ADD,
  Sub: codes.BINARY_SUB,
  Mul: codes.BINARY_MUL,
  Div: codes.BINARY_DIV,
  Maximum: codes.BINARY_MAXIMUM,
  Minimum: codes.BINARY_MINIMUM,
};

const reduceOps: Partial<Record<KernelName, number>> = {
  Sum: codes.REDUCE_SUM,
  Max: codes.REDUCE_MAX,
  Min: codes.REDUCE_MIN,
};

/** Runs a unary, binary or reduction kernel in wasm, or returns null where it does not apply. */
export function wasmElementwise(
  kernel: KernelName,
  inputs: readonly TensorInfo[],
  axes: readonly number[] | null,
  meta: TensorMeta,
): DataHandle | null {
  if (meta.dtype !== 'float32' || inputs.some((x) => x.dtype !== 'float32')) return null;
  const size = sizeOf(meta.shape);
  const [a, b] = inputs;
  if (a === undefined) return null;
  const unary = unaryOps[kernel];
  if (unary !== undefined) {
    if (size < ELEMENTWISE_IN_WASM) return null;
    return run(size, (scope, out) =>
      wasmKernels().exports.unaryF32(unary, scope.put(a.data as Float32Array), out, size),
    );
  }
  const binary = binaryOps[kernel];
  if (binary !== undefined && b !== undefined) {
    if (size < ELEMENTWISE_IN_WASM) return null;
    const rank = meta.shape.length;
    const N = rank === 0 ? 1 : meta.shape[rank - 1]!;
    const aKind = kindOf(a.shape, meta.shape);
    const bKind = kindOf(b.shape, meta.shape);
    if (aKind === null || bKind === null) return null;
    return run(size, (scope, out) =>
      wasmKernels().exports.binaryF32(
        binary,
        size / N,
        N,
        scope.put(a.data as Float32Array),
        aKind,
        scope.put(b.data as Float32Array),
        bKind,
        out,
      ),
    );
  }
  const reduce = reduceOps[kernel];
  if (reduce !== undefined && axes !== null) {
    const block = reducedBlock(a.shape, axes);
    if (block === null || sizeOf(a.shape) < ELEMENTWISE_IN_WASM) return null;
    const { outer, R, inner } = block;
    return run(size, (scope, out) =>
      wasmKernels().exports.reduceF32(
        reduce,
        scope.put(a.data as Float32Array),
        outer,
        R,
        inner,
        out,
        inner > 1 ? scope.alloc(2 * inner) : 0,
      ),
    );
  }
  return null;
}

/** Allocates the output, runs `body` and takes the output out of wasm memory. */
function run(size: number, body: (scope: Scope, out: number) => void): Float32Array {
  const kernels = wasmKernels();
  const scope = new Scope(kernels);
  try {
    const out = scope.alloc(size);
    body(scope, out);
    return kernels.heap.take(out, size);
  } finally {
    scope.close();
  }
}

/**
 * How an operand broadcasts over the output seen as M × N (N its last axis): the whole output,
 * a row of N, one value per row, one value; null for any other broadcast.
 */
function kindOf(shape: readonly number[], out: readonly number[]): number | null {
  const size = sizeOf(shape);
  const total = sizeOf(out);
  if (size === total) return codes.OPERAND_FULL;
  if (size === 1) return codes.OPERAND_SCALAR;
  const rank = out.length;
  const padded = [...new Array<number>(rank - shape.length).fill(1), ...shape];
  const N = out[rank - 1]!;
  const last = padded[rank - 1]!;
  const leading = padded.slice(0, -1);
  if (last === N && leading.every((length) => length === 1)) return codes.OPERAND_ROW;
  if (last === 1 && leading.every((length, k) => length === out[k])) return codes.OPERAND_COLUMN;
  return null;
}

/**
 * The input seen as outer × R × inner with R the reduced axes, when those form one block
 * (axes of length 1 may sit between them); null otherwise, or for an empty input.
 */
function reducedBlock(
  shape: readonly number[],
  axes: readonly number[],
): { outer: number; R: number; inner: number } | null {
  if (sizeOf(shape) === 0 || axes.length === 0) return null;
  const first = axes[0]!;
  const last = axes[axes.length - 1]!;
  for (let axis = first; axis <= last; axis++) {
    if (!axes.includes(axis) && shape[axis] !== 1) return null;
  }
  return {
    outer: sizeOf(shape.slice(0, first)),
    R: sizeOf(shape.slice(first, last + 1)),
    inner: sizeOf(shape.slice(last + 1)),
  };
}
