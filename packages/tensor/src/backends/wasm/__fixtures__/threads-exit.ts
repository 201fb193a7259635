// Run by threads.test.ts in a child process: a pool does real work, then the script just ends.
// The process must exit on its own (the workers are unref'd).
import { getThreads, matmul, ones, setBackend } from '../../../index';

setBackend('wasm');
const product = matmul(ones([256, 300]), ones([300, 260]));
console.log(JSON.stringify({ threads: getThreads(), corner: product.data()[0] }));
