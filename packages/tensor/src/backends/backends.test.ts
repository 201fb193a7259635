import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  add,
  ArgumentError,
  CpuBackend,
  dtypes,
  getBackend,
  kernelNames,
  listBackends,
  matmul,
  registerBackend,
  setBackend,
  tensor,
} from '../index';
import { kernelSpecs } from '../kernels';
import { useCountingBackend } from './__fixtures__/counting-backend';

afterEach(() => setBackend('cpu'));

describe('backend registry', () => {
  it('starts on wasm where WebAssembly SIMD runs (Node 20 here), with cpu registered', async () => {
    vi.resetModules();
    const fresh = await import('../index');
    expect(fresh.listBackends()).toEqual(expect.arrayContaining(['cpu', 'wasm']));
    expect(fresh.wasmAvailable()).toBe(true);
    expect(fresh.getBackend().name).toBe('wasm');
    expect(fresh.getBackend()).toBeInstanceOf(fresh.WasmBackend);
  });

  it('rejects an unknown backend name, listing the registered ones', () => {
    expect(() => setBackend('tpu')).toThrow(ArgumentError);
    expect(() => setBackend('tpu')).toThrow("setBackend: name must be one of 'cpu'");
    expect(() => setBackend('tpu')).toThrow("got 'tpu'.");
  });

  it('creates a registered backend once, on first use', () => {
    let created = 0;
    registerBackend('lazy', () => {
      created++;
      return new CpuBackend();
    });
    expect(created).toBe(0);
    setBackend('lazy');
    setBackend('cpu');
    setBackend('lazy');
    expect(created).toBe(1);
    expect(listBackends()).toContain('lazy');
  });

  it('the cpu backend supports every kernel in every dtype', () => {
    const cpu = new CpuBackend();
    expect(kernelNames).toEqual(Object.keys(kernelSpecs));
    for (const kernel of kernelNames) {
      for (const dtype of dtypes) expect(cpu.supports(kernel, dtype)).toBe(true);
    }
  });
});

describe('switching backends', () => {
  it('moves a tensor made on one backend to the current one when used', () => {
    const other = new CpuBackend();
    registerBackend('cpu-b', () => other);
    setBackend('cpu-b');
    const a = tensor([1, 2, 3]);
    expect(a.backend).toBe(other);
    setBackend('cpu');
    const b = add(a, tensor([10, 20, 30]));
    expect(b.toArray()).toEqual([11, 22, 33]);
    expect(b.backend).toBe(getBackend());
    expect(a.backend).toBe(getBackend());
    expect(a.toArray()).toEqual([1, 2, 3]);
  });

  it('runs kernels on the selected backend, mixing operands from both', () => {
    const left = tensor([
      [1, 2],
      [3, 4],
    ]);
    const { backend: counting, runs } = useCountingBackend('counting');
    const right = tensor([
      [5, 6],
      [7, 8],
    ]);
    const out = matmul(left, right);
    expect(out.toArray()).toEqual([
      [19, 22],
      [43, 50],
    ]);
    expect(runs).toEqual(['MatMul']);
    expect(out.backend).toBe(counting);
    expect(left.backend).toBe(counting);
  });
});
