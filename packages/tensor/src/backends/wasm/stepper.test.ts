// The wasm stepper's two ways of reading a token table: folded into the first layer's input
// product (rows of table·W_ihᵀ + b, the usual case) and, for tables too large to fold, rows
// gathered and multiplied at every step. Both must give the same steps, for a batch of one
// (the folded row is read in place) and of three, and across state() / setState().
import { describe, expect, it } from 'vitest';
import { Generator, randn, type RecurrentStepperArgs } from '../../index';
import { wasmKernels } from './kernels';
import { createStepper } from './stepper';

const generator = new Generator(21);
const w = (shape: number[]) => randn(shape, { generator }).mul(0.3).info();

function args(batch: number): RecurrentStepperArgs {
  const H = 12;
  const layer = (I: number) => ({
    cell: { kind: 'lstm' as const },
    sizes: { I, H, R: H },
    weights: {
      weightIh: w([4 * H, I]),
      weightHh: w([4 * H, H]),
      biasIh: w([4 * H]),
      biasHh: w([4 * H]),
      peepholeI: null,
      peepholeF: null,
      peepholeO: null,
      weightHr: null,
    },
  });
  return {
    batch,
    table: w([9, 5]),
    layers: [layer(5), layer(H)],
    head: { weight: w([9, H]), bias: w([9]) },
  };
}

describe('wasm stepper', () => {
  for (const batch of [1, 3]) {
    it(`gives the same steps with the table folded or not (batch ${batch})`, () => {
      const kernels = wasmKernels();
      const given = args(batch);
      const folded = createStepper(kernels, given);
      const gathered = createStepper(kernels, given, 0);
      const ids = [
        [3, 0, 8],
        [1, 1, 4],
        [7, 2, 0],
      ];
      for (const row of ids) {
        const input = Int32Array.from(row.slice(0, batch));
        const a = folded.step(input);
        const b = gathered.step(input);
        expect(a.length).toBe(batch * 9);
        a.forEach((value, k) => expect(value).toBeCloseTo(b[k]!, 5));
      }
      // A state moved from one to the other continues the same way.
      const state = folded.state();
      gathered.setState(state.h, state.c);
      const next = Int32Array.from([5, 6, 2].slice(0, batch));
      const a = folded.step(next);
      const b = gathered.step(next);
      a.forEach((value, k) => expect(value).toBeCloseTo(b[k]!, 5));
      folded.release();
      gathered.release();
      expect(() => folded.step(next)).toThrow('stepper: used after release().');
    });
  }
});
