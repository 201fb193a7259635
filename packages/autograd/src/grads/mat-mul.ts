// Gradient rule of MatMul. With Y = op(A)·op(B): dop(A) = dY·op(B)ᵀ and dop(B) = op(A)ᵀ·dY;
// a transposed operand takes the transpose of that, which is again one product with flags.
// Batch axes that were broadcast are summed back by the engine.
import { matmul } from '@unroll/tensor';
import { defineGradRule, saved } from '../grad-rule';

export const matMulGrad = defineGradRule<'MatMul'>({
  save: { inputs: [0, 1] },
  backward: (dy, context) => {
    const a = saved(context, 0);
    const b = saved(context, 1);
    const { transposeA, transposeB } = context.attrs;
    const gradA = transposeA
      ? matmul(b, dy, { transposeA: transposeB, transposeB: true })
      : matmul(dy, b, { transposeB: !transposeB });
    const gradB = transposeB
      ? matmul(dy, a, { transposeA: true, transposeB: transposeA })
      : matmul(a, dy, { transposeA: !transposeA });
    return [gradA, gradB];
  },
});
