import { thrown } from '@unroll/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { invariant } from '../assert';
import {
  add,
  ArgumentError,
  concat,
  CpuBackend,
  DTypeError,
  FormatError,
  gather,
  GradientShapeError,
  matmul,
  NotDifferentiableError,
  readSafetensors,
  registerBackend,
  reshape,
  select,
  setBackend,
  ShapeError,
  sum,
  tensor,
  UnrollError,
  UnsupportedKernelError,
  zeros,
  type Backend,
} from '../index';

/** Runs `fn` and returns what it throws (failing the test if it returns). */

const classes = [
  { Class: UnrollError, name: 'UnrollError' },
  { Class: ShapeError, name: 'ShapeError' },
  { Class: DTypeError, name: 'DTypeError' },
  { Class: ArgumentError, name: 'ArgumentError' },
  { Class: UnsupportedKernelError, name: 'UnsupportedKernelError' },
  { Class: NotDifferentiableError, name: 'NotDifferentiableError' },
  { Class: GradientShapeError, name: 'GradientShapeError' },
  { Class: FormatError, name: 'FormatError' },
] as const;

describe.each(classes)('$name', ({ Class, name }) => {
  it('has its name, message and cause, and is an Error and an UnrollError', () => {
    const cause = new Error('root');
    const error = new Class('something: went wrong, got 3.', { cause });
    expect(error.name).toBe(name);
    expect(error.message).toBe('something: went wrong, got 3.');
    expect(error.cause).toBe(cause);
    expect(error).toBeInstanceOf(Error);
    expect(Class.isInstance(error)).toBe(true);
    expect(UnrollError.isInstance(error)).toBe(true);
  });

  it('leaves cause undefined when none is given', () => {
    expect(new Class('x').cause).toBeUndefined();
    expect('cause' in new Class('x')).toBe(false);
  });

  it('recognises an error from another copy of the package by its Symbol.for marker', () => {
    const marker =
      name === 'UnrollError' ? Symbol.for('unroll.error') : Symbol.for(`unroll.error.${name}`);
    expect(Class.isInstance({ [marker]: true })).toBe(true);
    expect(Class.isInstance({ [Symbol.for('unroll.error.Other')]: true })).toBe(false);
  });

  it('rejects plain errors, other values and sibling classes', () => {
    expect(Class.isInstance(new Error('x'))).toBe(false);
    expect(Class.isInstance(null)).toBe(false);
    expect(Class.isInstance('ShapeError')).toBe(false);
    for (const other of classes) {
      if (other.Class === Class || other.Class === UnrollError || Class === UnrollError) continue;
      expect(Class.isInstance(new other.Class('x'))).toBe(false);
    }
  });
});

describe('error fields', () => {
  it('ShapeError carries argument, expected and actual', () => {
    const error = new ShapeError('m', { argument: 'b', expected: '[3, 4]', actual: '[5, 6]' });
    expect([error.argument, error.expected, error.actual]).toEqual(['b', '[3, 4]', '[5, 6]']);
    expect(new ShapeError('m').argument).toBeUndefined();
  });

  it('ArgumentError carries argument', () => {
    expect(new ArgumentError('m', { argument: 'axis' }).argument).toBe('axis');
  });

  it('UnsupportedKernelError carries kernel and backend', () => {
    const error = new UnsupportedKernelError('m', { kernel: 'MatMul', backend: 'webgl' });
    expect([error.kernel, error.backend]).toEqual(['MatMul', 'webgl']);
  });

  it('NotDifferentiableError and GradientShapeError carry the kernel', () => {
    expect(new NotDifferentiableError('m', { kernel: 'ArgMax' }).kernel).toBe('ArgMax');
    expect(new GradientShapeError('m', { kernel: 'Sum' }).kernel).toBe('Sum');
    expect(new GradientShapeError('m').kernel).toBeUndefined();
  });
});

describe('messages name both shapes or values', () => {
  it('ShapeError from matmul names both operands', () => {
    const error = thrown(() => matmul(zeros([3, 4]), zeros([5, 6])));
    expect(ShapeError.isInstance(error)).toBe(true);
    expect(error.message).toBe(
      "matmul: inner dimensions must match, got a [3, 4] and b [5, 6] (a's last dimension 4 ≠ b's first dimension 5).",
    );
  });

  it('ShapeError from a broadcasting op names both shapes', () => {
    const error = thrown(() => add(zeros([2, 3]), zeros([4])));
    expect(ShapeError.isInstance(error)).toBe(true);
    expect(error.message).toContain('add: shapes [2, 3] and [4] cannot be broadcast together');
  });

  it('ShapeError from reshape names the shape and the input shape', () => {
    const error = thrown(() => reshape(zeros([2, 3]), [4, 2]));
    expect(ShapeError.isInstance(error)).toBe(true);
    expect(error.message).toBe(
      'reshape: shape [4, 2] is invalid for x of shape [2, 3] (6 elements).',
    );
  });

  it('DTypeError names the dtype that arrived and the one expected', () => {
    const grad = thrown(() => {
      zeros([2], { dtype: 'int32' }).requiresGrad = true;
    });
    expect(DTypeError.isInstance(grad)).toBe(true);
    expect(grad.message).toContain('only float tensors can require gradients, got dtype int32');
    const joined = thrown(() => concat([zeros([1]), zeros([1], { dtype: 'int32' })]));
    expect(DTypeError.isInstance(joined)).toBe(true);
    expect(joined.message).toBe(
      'concat: tensors[1] must have dtype float32 like tensors[0], got int32.',
    );
    const index = thrown(() => gather(zeros([2]), 0, tensor([0])));
    expect(DTypeError.isInstance(index)).toBe(true);
    expect(index.message).toContain('gather: index must have dtype int32, got float32');
  });

  it('ArgumentError names the allowed range and the value', () => {
    const error = thrown(() => select(zeros([3, 2]), 0, 5));
    expect(ArgumentError.isInstance(error)).toBe(true);
    expect(error.message).toBe(
      'select: index must be an integer in [-3, 2] for axis 0 of x [3, 2], got 5.',
    );
    expect((error as ArgumentError).argument).toBe('index');
    const axis = thrown(() => sum(zeros([2, 2]), 2));
    expect(axis.message).toBe(
      'sum: axis must be an integer in [-2, 1] for a tensor of rank 2, got 2.',
    );
  });

  it('FormatError names the expected and the actual size', () => {
    const error = thrown(() => readSafetensors(new Uint8Array(3)));
    expect(FormatError.isInstance(error)).toBe(true);
    expect(error.message).toBe(
      'readSafetensors: the file must be at least 8 bytes (the header length), got 3 bytes.',
    );
  });

  it('invariant failures are UnrollErrors marked internal:', () => {
    const error = thrown(() => invariant(false, () => 'strides and shape disagree'));
    expect(UnrollError.isInstance(error)).toBe(true);
    expect(error.name).toBe('UnrollError');
    expect(error.message).toBe('internal: strides and shape disagree');
    expect(() => invariant(true, () => 'never built')).not.toThrow();
  });
});

describe('UnsupportedKernelError from dispatch', () => {
  afterEach(() => setBackend('cpu'));

  it('names the kernel, the dtype and the backend', () => {
    const cpu = new CpuBackend();
    const limited: Backend = {
      name: 'limited',
      dtypes: ['float32'],
      write: (values) => cpu.write(values),
      read: (info) => cpu.read(info),
      supports: () => false,
      run: (kernel, inputs, attrs, outputs) => cpu.run(kernel, inputs, attrs, outputs),
    };
    registerBackend('limited', () => limited);
    const a = tensor([1, 2], { dtype: 'float64' });
    const b = tensor([3, 4], { dtype: 'float64' });
    setBackend('limited');
    const error = thrown(() => add(a, b));
    expect(UnsupportedKernelError.isInstance(error)).toBe(true);
    expect(error.message).toContain('Add');
    expect(error.message).toContain('float64');
    expect(error.message).toContain("'limited'");
    expect((error as UnsupportedKernelError).kernel).toBe('Add');
    expect((error as UnsupportedKernelError).backend).toBe('limited');
    setBackend('cpu');
    expect(add(a, b).toArray()).toEqual([4, 6]);
  });
});
