// `pnpm bench [--workloads W1,W2,…] [--backend wasm|cpu] [--threads N] [--relaxed-simd] [--config FILE] [--memory N]`: runs the
// workloads of WORKLOADS.md (or of a config in the same JSON schema) with its timing rule and
// prints one `RESULT {…}` line per workload, the same line the peers print.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { getBackend, listBackends, setBackend, setThreads, WasmBackend } from '@unroll/tensor';
import { enableRelaxedSimd } from '@unroll/tensor/node';
import { prepare } from './models';
import { DEFAULT_RULE, time } from './timing';
import { parseWorkloads } from './workloads';

function main(): number {
  const { values } = parseArgs({
    options: {
      workloads: { type: 'string' },
      backend: { type: 'string', default: 'wasm' },
      threads: { type: 'string', default: '1' },
      config: { type: 'string' },
      quick: { type: 'boolean', default: false },
      memory: { type: 'string' },
      'relaxed-simd': { type: 'boolean', default: false },
    },
  });
  if (!listBackends().includes(values.backend)) {
    console.error(
      `bench: --backend must be one of ${listBackends().join(', ')}, got ${values.backend}`,
    );
    return 2;
  }
  const threads = Number(values.threads);
  if (!Number.isInteger(threads) || threads < 1) {
    console.error(`bench: --threads must be a positive integer, got ${values.threads}`);
    return 2;
  }
  if (threads !== 1 && values.backend !== 'wasm') {
    console.error(`bench: --threads ${threads} needs --backend wasm; cpu runs on one thread.`);
    return 2;
  }
  // Node 20 runs the relaxed-SIMD build only with a V8 flag (Node ≥ 22 and browsers by default).
  if (values['relaxed-simd'] && !enableRelaxedSimd()) {
    console.error('bench: --relaxed-simd: this engine does not validate relaxed SIMD');
    return 2;
  }
  setBackend(values.backend);
  if (values.backend === 'wasm') setThreads(threads);
  const path =
    values.config === undefined
      ? new URL('../workloads.json', import.meta.url).pathname
      : resolve(process.env.INIT_CWD ?? process.cwd(), values.config);
  const all = parseWorkloads(readFileSync(path, 'utf8'), path);
  const ids = values.workloads?.split(',').map((id) => id.trim()) ?? Object.keys(all);
  const unknown = ids.filter((id) => !(id in all));
  if (unknown.length > 0) {
    console.error(
      `bench: unknown workload ${unknown.join(', ')}; ${path} has ${Object.keys(all).join(', ')}`,
    );
    return 2;
  }
  // --quick: one warm-up and three timed calls, for smoke tests (not for BENCHMARKS.md).
  const rule = values.quick
    ? { warmupCalls: 1, warmupSeconds: 0, minCalls: 3, minSeconds: 0, maxSeconds: 0 }
    : DEFAULT_RULE;
  if (values.memory !== undefined) return memoryRun(ids, all, Number(values.memory));
  for (const id of ids) {
    const workload = all[id]!;
    const prepared = prepare(workload);
    const backend = getBackend();
    const copied = (): number =>
      backend instanceof WasmBackend ? backend.memory().copiedIn + backend.memory().copiedOut : 0;
    // One call's traffic between tensors (JS heap) and wasm memory, before the timed calls.
    const before = copied();
    prepared.call();
    const copyMiB = +((copied() - before) / 2 ** 20).toFixed(2);
    const timing = time(prepared.call, rule);
    const record = {
      peer: 'unroll',
      version: '0.0.0',
      workload: id,
      threads,
      backend: getBackend().name,
      ...(backend instanceof WasmBackend ? { simd: backend.simd, copyMiB } : {}),
      tokens: prepared.tokens,
      ...timing,
    };
    console.log(`RESULT ${JSON.stringify(record)}`);
  }
  return 0;
}

/**
 * `--memory N`: N calls of each workload, printing `MEMORY {…}` lines with the resident set
 * size ten times along the way, to show that a long run does not grow memory.
 */
function memoryRun(ids: string[], all: ReturnType<typeof parseWorkloads>, calls: number): number {
  if (!Number.isInteger(calls) || calls < 10) {
    console.error(`bench: --memory must be an integer ≥ 10 (calls per workload), got ${calls}`);
    return 2;
  }
  for (const id of ids) {
    const prepared = prepare(all[id]!);
    for (let call = 1; call <= calls; call++) {
      prepared.call();
      if (call % Math.floor(calls / 10) === 0) {
        const { rss, heapUsed } = process.memoryUsage();
        const MiB = (bytes: number): number => +(bytes / 2 ** 20).toFixed(1);
        const backend = getBackend();
        // The wasm backend's own memory: blocks in use, and the linear memory reserved.
        const wasm =
          backend instanceof WasmBackend
            ? {
                wasmInUseMiB: MiB(backend.memory().inUse),
                wasmReservedMiB: MiB(backend.memory().reserved),
              }
            : {};
        const line = {
          workload: id,
          backend: backend.name,
          call,
          rssMiB: MiB(rss),
          heapMiB: MiB(heapUsed),
          ...wasm,
        };
        console.log(`MEMORY ${JSON.stringify(line)}`);
      }
    }
  }
  return 0;
}

process.exitCode = main();
