// The backend registry: which backends exist, which one runs kernels now.
import { ArgumentError } from '../errors/argument-error';
import type { Backend } from './backend';
import { CpuBackend } from './cpu/cpu-backend';
import { wasmKernelsReady } from './wasm/kernels';
import { WasmBackend } from './wasm/wasm-backend';

const registry = new Map<string, () => Backend>([
  ['cpu', () => new CpuBackend()],
  ['wasm', () => new WasmBackend()],
]);
const instances = new Map<string, Backend>();
let current: Backend | undefined;
/** True once setBackend() picked a backend: the default then never changes under the user. */
let chosen = false;

/**
 * Makes a backend available to {@link setBackend} under its name. The factory runs on first
 * use. Registering an existing name replaces it.
 * @param name - the name `setBackend` will take
 * @param create - builds the backend
 * @category Backends
 */
export function registerBackend(name: string, create: () => Backend): void {
  registry.set(name, create);
  instances.delete(name);
}

/** The names of every registered backend. @category Backends */
export function listBackends(): string[] {
  return [...registry.keys()];
}

function instance(name: string): Backend {
  const existing = instances.get(name);
  if (existing !== undefined) return existing;
  const create = registry.get(name);
  if (create === undefined) {
    throw new ArgumentError(
      `setBackend: name must be one of ${listBackends()
        .map((n) => `'${n}'`)
        .join(', ')}, got '${name}'.`,
      { argument: 'name' },
    );
  }
  const backend = create();
  instances.set(name, backend);
  return backend;
}

/**
 * Selects the backend every following op runs on. Tensors made on another backend move
 * over when next used.
 * @param name - a registered backend name, e.g. `'cpu'`
 * @throws {ArgumentError} if no backend has that name
 * @example
 * ```ts
 * setBackend('cpu');
 * ```
 * @category Backends
 */
export function setBackend(name: string): void {
  current = instance(name);
  chosen = true;
}

/**
 * Re-picks the default backend if none was chosen with {@link setBackend}: loadWasm() calls it
 * once the kernels are compiled, so a page that awaited it runs on wasm.
 */
export function refreshDefaultBackend(): void {
  if (!chosen) current = defaultBackend();
}

/**
 * The backend that runs when none was chosen: `wasm` where WebAssembly SIMD runs and the kernels
 * can be compiled now (Node, workers, or after `await loadWasm()` in a browser), else `cpu`.
 */
function defaultBackend(): Backend {
  if (wasmKernelsReady()) {
    try {
      return instance('wasm');
    } catch {
      // A browser's main thread refuses to compile synchronously: cpu until loadWasm() is awaited.
    }
  }
  return instance('cpu');
}

/**
 * The backend ops run on now: the one {@link setBackend} chose, else `wasm` where WebAssembly
 * SIMD is available (Node, current browsers after `await loadWasm()`), else `cpu`.
 * @category Backends
 */
export function getBackend(): Backend {
  current ??= defaultBackend();
  return current;
}
