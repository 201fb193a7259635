// Runs this package's suites on the backend UNROLL_BACKEND names (CI runs them on cpu and wasm).
import { setBackend } from '@unroll/tensor';

const { process } = globalThis as { process?: { env: Record<string, string | undefined> } };
const name = process?.env.UNROLL_BACKEND;
if (name !== undefined && name !== '') setBackend(name);
