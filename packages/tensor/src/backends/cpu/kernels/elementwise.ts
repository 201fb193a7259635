// cpu kernels for the elementwise family: unary maps, broadcasting binary ops, comparisons,
// Where and Cast. Values are computed in float64 and rounded once on store.
import { allocateTypedArray, type TypedArray } from '../../../dtype';
import type { KernelName } from '../../../kernels';
import type { NoAttrs, TensorMeta } from '../../../kernels/kernel-spec';
import { broadcastStrides, shapesEqual, sizeOf } from '../../../shape';
import { input, output, type CpuKernel, type CpuTensor } from '../cpu-tensor';
import { forEachOffset } from '../indexing';
import type {
  BinaryKernelName as BinaryName,
  UnaryKernelName as UnaryName,
} from '../../../kernels/elementwise';

/** Logistic function, evaluated so that neither branch overflows for large |x|. */
function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

const unaryFunctions: Record<UnaryName, (x: number) => number> = {
  Neg: (x) => -x,
  Abs: Math.abs,
  Sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x),
  Exp: Math.exp,
  Log: Math.log,
  Log1p: Math.log1p,
  Sqrt: Math.sqrt,
  Tanh: Math.tanh,
  Sigmoid: sigmoid,
  Relu: (x) => (x > 0 || Number.isNaN(x) ? x : 0),
};

/** NaN-propagating maximum and minimum (PyTorch's `maximum`/`minimum`). */
const maximum = (a: number, b: number): number => (a > b || Number.isNaN(a) ? a : b);
const minimum = (a: number, b: number): number => (a < b || Number.isNaN(a) ? a : b);

const binaryFunctions: Record<BinaryName, (a: number, b: number) => number> = {
  Add: (a, b) => a + b,
  Sub: (a, b) => a - b,
  Mul: (a, b) => a * b,
  Div: (a, b) => a / b,
  Pow: (a, b) => a ** b,
  Maximum: maximum,
  Minimum: minimum,
  Equal: (a, b) => (a === b ? 1 : 0),
  NotEqual: (a, b) => (a !== b ? 1 : 0),
  Less: (a, b) => (a < b ? 1 : 0),
  LessEqual: (a, b) => (a <= b ? 1 : 0),
  Greater: (a, b) => (a > b ? 1 : 0),
  GreaterEqual: (a, b) => (a >= b ? 1 : 0),
};

type Values = TypedArray;

/**
 * Loops of the hottest ops written out one function literal each, so that V8 sees one
 * operation per loop and inlines it (a shared loop calling `fn` goes megamorphic and runs
 * several times slower). Optimizers and losses spend their time here.
 */
const unaryLoops: Partial<Record<UnaryName, (x: Values, out: Values) => void>> = {
  Neg: (x, out) => {
    for (let i = 0; i < out.length; i++) out[i] = -x[i]!;
  },
  Exp: (x, out) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.exp(x[i]!);
  },
  Log: (x, out) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.log(x[i]!);
  },
  Sqrt: (x, out) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.sqrt(x[i]!);
  },
  Abs: (x, out) => {
    for (let i = 0; i < out.length; i++) out[i] = Math.abs(x[i]!);
  },
};

function unaryKernel(name: UnaryName): CpuKernel<UnaryName> {
  const fn = unaryFunctions[name];
  const loop = unaryLoops[name];
  return (inputs) => {
    const x = input(inputs, 0);
    const out = allocateTypedArray(x.dtype, x.values.length);
    if (loop !== undefined) loop(x.values, out);
    else for (let i = 0; i < out.length; i++) out[i] = fn(x.values[i] ?? 0);
    return [out];
  };
}

/** Applies `fn` over operands broadcast to `meta.shape`, a row of the last axis at a time. */
function broadcastMap(
  operands: readonly CpuTensor[],
  meta: TensorMeta,
  fn: (values: readonly number[]) => number,
): TypedArray {
  const out = allocateTypedArray(meta.dtype, sizeOf(meta.shape));
  const args = new Array<number>(operands.length).fill(0);
  const strides = operands.map((operand) => broadcastStrides(operand.shape, meta.shape));
  const rank = meta.shape.length;
  const length = rank === 0 ? 1 : (meta.shape[rank - 1] ?? 1);
  const last = strides.map((s) => (rank === 0 ? 0 : (s[rank - 1] ?? 0)));
  let position = 0;
  forEachOffset(
    meta.shape.slice(0, -1),
    strides.map((s) => s.slice(0, -1)),
    (offsets) => {
      for (let i = 0; i < length; i++) {
        for (let k = 0; k < operands.length; k++)
          args[k] = operands[k]?.values[(offsets[k] ?? 0) + i * (last[k] ?? 0)] ?? 0;
        out[position++] = fn(args);
      }
    },
  );
  return out;
}

/** One row of a broadcast binary op: out[p + i] = a[oa + i·sa] ∘ b[ob + i·sb]. */
type RowLoop = (
  a: Values,
  oa: number,
  sa: number,
  b: Values,
  ob: number,
  sb: number,
  out: Values,
  p: number,
  n: number,
) => void;

/**
 * Rows of the hottest binary ops (optimizer updates, bias adds, softmax), one function literal
 * each: the same-shape and scalar cases are one long row.
 */
const rowLoops: Partial<Record<BinaryName, RowLoop>> = {
  Add: (a, oa, sa, b, ob, sb, out, p, n) => {
    for (let i = 0; i < n; i++) out[p + i] = a[oa + i * sa]! + b[ob + i * sb]!;
  },
  Sub: (a, oa, sa, b, ob, sb, out, p, n) => {
    for (let i = 0; i < n; i++) out[p + i] = a[oa + i * sa]! - b[ob + i * sb]!;
  },
  Mul: (a, oa, sa, b, ob, sb, out, p, n) => {
    for (let i = 0; i < n; i++) out[p + i] = a[oa + i * sa]! * b[ob + i * sb]!;
  },
  Div: (a, oa, sa, b, ob, sb, out, p, n) => {
    for (let i = 0; i < n; i++) out[p + i] = a[oa + i * sa]! / b[ob + i * sb]!;
  },
};

/** A binary op over broadcast operands, a row of the last axis at a time. */
function broadcastBinary(
  a: CpuTensor,
  b: CpuTensor,
  meta: TensorMeta,
  fn: (a: number, b: number) => number,
  row: RowLoop | undefined,
): TypedArray {
  const out = allocateTypedArray(meta.dtype, sizeOf(meta.shape));
  const rank = meta.shape.length;
  const aStrides = broadcastStrides(a.shape, meta.shape);
  const bStrides = broadcastStrides(b.shape, meta.shape);
  const length = meta.shape[rank - 1] ?? 1;
  const sa = aStrides[rank - 1] ?? 0;
  const sb = bStrides[rank - 1] ?? 0;
  const av = a.values;
  const bv = b.values;
  let position = 0;
  forEachOffset(
    meta.shape.slice(0, -1),
    [aStrides.slice(0, -1), bStrides.slice(0, -1)],
    ([oa = 0, ob = 0]) => {
      if (row !== undefined) {
        row(av, oa, sa, bv, ob, sb, out, position, length);
        position += length;
      } else {
        for (let i = 0; i < length; i++) out[position++] = fn(av[oa + i * sa]!, bv[ob + i * sb]!);
      }
    },
  );
  return out;
}

function binaryKernel(name: BinaryName): CpuKernel<BinaryName> {
  const fn = binaryFunctions[name];
  const row = rowLoops[name];
  return (inputs, _attrs: NoAttrs, outputs) => {
    const a = input(inputs, 0);
    const b = input(inputs, 1);
    const meta = output(outputs);
    const av = a.values;
    const bv = b.values;
    if (shapesEqual(a.shape, b.shape)) {
      const out = allocateTypedArray(meta.dtype, av.length);
      // The whole array is one row: strides 1 and 1.
      if (row !== undefined) row(av, 0, 1, bv, 0, 1, out, 0, out.length);
      else for (let i = 0; i < out.length; i++) out[i] = fn(av[i] ?? 0, bv[i] ?? 0);
      return [out];
    }
    if (bv.length === 1 && shapesEqual(a.shape, meta.shape)) {
      const scalar = bv[0] ?? 0;
      const out = allocateTypedArray(meta.dtype, av.length);
      // One row against b's single value (stride 0).
      if (row !== undefined) row(av, 0, 1, bv, 0, 0, out, 0, out.length);
      else for (let i = 0; i < out.length; i++) out[i] = fn(av[i] ?? 0, scalar);
      return [out];
    }
    if (meta.shape.length === 0)
      return [broadcastMap([a, b], meta, (v) => fn(v[0] ?? 0, v[1] ?? 0))];
    return [broadcastBinary(a, b, meta, fn, row)];
  };
}

const where: CpuKernel<'Where'> = (inputs, _attrs, outputs) => [
  broadcastMap(inputs, output(outputs), ([condition, a, b]) =>
    condition !== 0 ? (a ?? 0) : (b ?? 0),
  ),
];

const cast: CpuKernel<'Cast'> = (inputs, { dtype }) => {
  const x = input(inputs, 0);
  const out = allocateTypedArray(dtype, x.values.length);
  if (dtype === 'int32') {
    for (let i = 0; i < out.length; i++) out[i] = Math.trunc(x.values[i] ?? 0);
  } else {
    out.set(x.values);
  }
  return [out];
};

/** The cpu kernels of the elementwise family. */
export const elementwiseKernels = {
  Neg: unaryKernel('Neg'),
  Abs: unaryKernel('Abs'),
  Sign: unaryKernel('Sign'),
  Exp: unaryKernel('Exp'),
  Log: unaryKernel('Log'),
  Log1p: unaryKernel('Log1p'),
  Sqrt: unaryKernel('Sqrt'),
  Tanh: unaryKernel('Tanh'),
  Sigmoid: unaryKernel('Sigmoid'),
  Relu: unaryKernel('Relu'),
  Add: binaryKernel('Add'),
  Sub: binaryKernel('Sub'),
  Mul: binaryKernel('Mul'),
  Div: binaryKernel('Div'),
  Pow: binaryKernel('Pow'),
  Maximum: binaryKernel('Maximum'),
  Minimum: binaryKernel('Minimum'),
  Equal: binaryKernel('Equal'),
  NotEqual: binaryKernel('NotEqual'),
  Less: binaryKernel('Less'),
  LessEqual: binaryKernel('LessEqual'),
  Greater: binaryKernel('Greater'),
  GreaterEqual: binaryKernel('GreaterEqual'),
  Where: where,
  Cast: cast,
} satisfies { [K in UnaryName | BinaryName | 'Where' | 'Cast']: CpuKernel<K> } & Partial<
  Record<KernelName, unknown>
>;
