// Weight initialisers. PyTorch's default for recurrent cells is U(−1/√H, 1/√H); xavier and
// orthogonal are common alternatives; `forgetBias` sets the LSTM's effective forget bias.
import {
  ArgumentError,
  defaultGenerator,
  tensor,
  uniform,
  zeros,
  type DType,
  type Generator,
  type Tensor,
} from '@unroll/tensor';

/** Options shared by the initialisers. @category Init */
export interface InitOptions {
  /** Element type (default float32). */
  dtype?: DType;
  /** Source of randomness (default: the global generator that `manualSeed` seeds). */
  generator?: Generator;
}

/**
 * PyTorch's default for RNN, LSTM and GRU weights and biases: `U(−1/√H, 1/√H)` with H the
 * hidden size.
 * @see torch.nn.LSTM (initialisation)
 * @category Init
 */
export function defaultRecurrentInit(
  shape: readonly number[],
  hiddenSize: number,
  options: InitOptions = {},
): Tensor {
  const bound = 1 / Math.sqrt(hiddenSize);
  return uniform(shape, -bound, bound, options);
}

/**
 * Glorot/Xavier uniform: `U(−a, a)` with `a = gain·√(6 / (fanIn + fanOut))` for a `[fanOut, fanIn]` matrix.
 * @see torch.nn.init.xavier_uniform_
 * @category Init
 */
export function xavierUniform(
  shape: readonly [number, number],
  gain = 1,
  options: InitOptions = {},
): Tensor {
  const [fanOut, fanIn] = shape;
  const bound = gain * Math.sqrt(6 / (fanIn + fanOut));
  return uniform(shape, -bound, bound, options);
}

/**
 * A matrix with orthonormal rows or columns (the Q of a QR decomposition of a normal matrix,
 * by modified Gram–Schmidt), scaled by `gain`. Keeps a recurrent matrix's singular values at 1.
 * @see torch.nn.init.orthogonal_
 * @category Init
 */
export function orthogonal(
  shape: readonly [number, number],
  gain = 1,
  options: InitOptions = {},
): Tensor {
  const [rows, columns] = shape;
  if (!Number.isInteger(rows) || !Number.isInteger(columns) || rows < 1 || columns < 1) {
    throw new ArgumentError(
      `orthogonal: shape must be two positive integers, got [${shape.join(', ')}].`,
      { argument: 'shape' },
    );
  }
  const generator = options.generator ?? defaultGenerator;
  // Orthonormalise the shorter side's vectors, then lay them out as rows or columns.
  const [count, length] = rows < columns ? [rows, columns] : [columns, rows];
  const vectors = Array.from({ length: count }, () =>
    Float64Array.from({ length }, () => generator.nextNormal()),
  );
  vectors.forEach((vector, k) => {
    for (let previous = 0; previous < k; previous++) {
      const basis = vectors[previous]!;
      let dot = 0;
      for (let i = 0; i < length; i++) dot += vector[i]! * basis[i]!;
      for (let i = 0; i < length; i++) vector[i] = vector[i]! - dot * basis[i]!;
    }
    const norm = Math.sqrt(vector.reduce((total, value) => total + value * value, 0));
    for (let i = 0; i < length; i++) vector[i] = vector[i]! / norm;
  });
  const values = new Float64Array(rows * columns);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      values[r * columns + c] = gain * (rows < columns ? vectors[r]![c]! : vectors[c]![r]!);
    }
  }
  return tensor(values, { dtype: options.dtype ?? 'float32' }).reshape([rows, columns]);
}

/**
 * Zeros, the usual start for biases: `p.assign(zerosInit(p.shape))`.
 * @see torch.nn.init.zeros_
 * @category Init
 */
export function zerosInit(
  shape: readonly number[],
  options: Pick<InitOptions, 'dtype'> = {},
): Tensor {
  return zeros(shape, { dtype: options.dtype ?? 'float32' });
}
