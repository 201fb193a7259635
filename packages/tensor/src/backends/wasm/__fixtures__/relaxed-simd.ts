// Run by threads.test.ts in a child process: the relaxed-SIMD opt-in before the first op.
import { enableRelaxedSimd } from '../../../node/index';
import { getBackend, matmul, ones, type WasmBackend } from '../../../index';

const enabled = enableRelaxedSimd();
const product = matmul(ones([9, 300]), ones([300, 17]));
console.log(
  JSON.stringify({ enabled, simd: (getBackend() as WasmBackend).simd, corner: product.data()[0] }),
);
