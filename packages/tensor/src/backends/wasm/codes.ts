// The numbers the wasm kernels (assembly/) and their JS callers must agree on: the products'
// chunk of K, the flag bits of the fused sequences and the op codes of the elementwise kernels.
// This one file serves both sides: AssemblyScript compiles its integer constants into the
// kernels, TypeScript imports them.

/** Rows of B per packed chunk (assembly/gemm.ts): a panel of a chunk (KC × 8 floats) stays in L1. */
export const KC = 256;

/** Flag bit of lstmForward/lstmBackward: peephole connections. */
export const LSTM_PEEPHOLE = 1;
/** Flag bit of lstmForward/lstmBackward: coupled input and forget gates (i = 1 − f). */
export const LSTM_COUPLED = 2;
/** Flag bit of gruForward/gruBackward: the reset gate applied before the recurrent product. */
export const GRU_RESET_BEFORE = 1;
/** Flag bit of rnnForward/rnnBackward: relu instead of tanh. */
export const RNN_RELU = 1;
/** Flag bit of every sequence kernel: the steps run from T − 1 down to 0. */
export const REVERSE = 4;
/** Flag bit of the forward kernels: keep what the backward needs (every step's state and gates). */
export const SAVE = 8;
/**
 * Flag bit of every sequence kernel: the threads split the batch rows instead of the product
 * columns and units (assembly/sync.ts).
 */
export const ROWS = 16;
/** Flag bit of the forward kernels: the output is batch-first (assembly/rows.ts, outRow). */
export const BATCH_FIRST = 32;

/** unaryF32's ops. */
export const UNARY_NEG = 0;
export const UNARY_ABS = 1;
export const UNARY_SQRT = 2;
export const UNARY_TANH = 3;
export const UNARY_SIGMOID = 4;
export const UNARY_RELU = 5;
export const UNARY_EXP = 6;
export const UNARY_LOG = 7;
export const UNARY_SIGN = 8;

/** binaryF32's ops. */
export const BINARY_ADD = 0;
export const BINARY_SUB = 1;
export const BINARY_MUL = 2;
export const BINARY_DIV = 3;
export const BINARY_MAXIMUM = 4;
export const BINARY_MINIMUM = 5;

/** binaryF32's operand kinds: a full M × N operand, one row of N, one column of M, one value. */
export const OPERAND_FULL = 0;
export const OPERAND_ROW = 1;
export const OPERAND_COLUMN = 2;
export const OPERAND_SCALAR = 3;

/** reduceF32's ops. */
export const REDUCE_SUM = 0;
export const REDUCE_MAX = 1;
export const REDUCE_MIN = 2;
