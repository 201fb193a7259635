// A test backend: the cpu backend, recording the name of every kernel it runs.
import {
  CpuBackend,
  dtypes,
  registerBackend,
  setBackend,
  type Backend,
  type KernelName,
} from '../../index';

/** Registers `name` as a counting cpu backend, selects it, and returns its record of runs. */
export function useCountingBackend(name: string): { backend: Backend; runs: KernelName[] } {
  const runs: KernelName[] = [];
  const cpu = new CpuBackend();
  const backend: Backend = {
    name,
    dtypes,
    write: (values) => cpu.write(values),
    read: (info) => cpu.read(info),
    supports: (kernel, dtype) => cpu.supports(kernel, dtype),
    run: (kernel, inputs, attrs, outputs) => {
      runs.push(kernel);
      return cpu.run(kernel, inputs, attrs, outputs);
    },
  };
  registerBackend(name, () => backend);
  setBackend(name);
  return { backend, runs };
}
