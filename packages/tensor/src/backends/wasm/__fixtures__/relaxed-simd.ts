// Run by threads.test.ts in a child process: the relaxed-SIMD opt-in before the first op.
import { enableRelaxedSimd } from '../../../node/index';
import { Generator, getBackend, matmul, ones, randn, tanh, type WasmBackend } from '../../../index';

const enabled = enableRelaxedSimd();
const product = matmul(ones([9, 300]), ones([300, 17]));
// A batch-1 product (its own kernel) against a plain loop: 300 rows (two chunks), 70 columns
// (whole panels in threes and a partial one).
const generator = new Generator(5);
const a = randn([1, 300], { generator });
const b = randn([300, 70], { generator });
const row = matmul(a, b).data();
const [av, bv] = [a.data(), b.data()];
let batch1Error = 0;
for (let n = 0; n < 70; n++) {
  let sum = 0;
  for (let k = 0; k < 300; k++) sum += av[k]! * bv[k * 70 + n]!;
  batch1Error = Math.max(batch1Error, Math.abs(row[n]! - sum));
}
// An elementwise map (its own kernel, with the vector exponential) against Math.tanh.
const x = randn([4099], { generator }).mul(4);
const [xv, yv] = [x.data(), tanh(x).data()];
let tanhError = 0;
for (let k = 0; k < xv.length; k++)
  tanhError = Math.max(tanhError, Math.abs(yv[k]! - Math.tanh(xv[k]!)));
console.log(
  JSON.stringify({
    enabled,
    simd: (getBackend() as WasmBackend).simd,
    corner: product.data()[0],
    batch1Close: batch1Error < 1e-4,
    tanhClose: tanhError < 1e-6,
  }),
);
