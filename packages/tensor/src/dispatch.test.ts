// runKernel's deferred runs: the kernel runs when an output's data is first needed, once, on
// the operands as they were when it was called.
import { afterEach, describe, expect, it } from 'vitest';
import { useCountingBackend } from './backends/__fixtures__/counting-backend';
import { add, indexSelect, reshape, setBackend, tensor } from './index';

afterEach(() => setBackend('cpu'));

const counting = () => useCountingBackend('counting-deferred');

const table = () =>
  tensor([
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
const ids = () => tensor([2, 0, 2], { dtype: 'int32' });

describe('deferred kernel runs', () => {
  it('runs a deferred lookup when its values are first read, once, with the eager values', () => {
    const x = table();
    const list = ids();
    const { runs } = counting();
    const looked = indexSelect(x, 0, list, { defer: true });
    expect(looked.shape).toEqual([3, 2]);
    expect(looked.deferred).toBe(true);
    expect(runs).toEqual([]);
    const copy = looked.detach();
    expect(looked.toArray()).toEqual(indexSelect(x, 0, list).toArray());
    expect(copy.toArray()).toEqual([
      [5, 6],
      [1, 2],
      [5, 6],
    ]);
    expect(runs).toEqual(['IndexSelect', 'IndexSelect']);
    expect([looked.deferred, copy.deferred]).toEqual([false, false]);
  });

  it('keeps a reshape of a deferred tensor deferred, and runs both when it is used', () => {
    const x = table();
    const { runs } = counting();
    const flat = reshape(indexSelect(x, 0, ids(), { defer: true }), [6]);
    expect(flat.deferred).toBe(true);
    expect(runs).toEqual([]);
    expect(add(flat, 1).toArray()).toEqual([6, 7, 2, 3, 6, 7]);
    expect(runs).toEqual(['IndexSelect', 'Reshape', 'Add']);
  });

  it('reads its operands as they were when called, even if their data is replaced before', () => {
    const x = table();
    const { runs } = counting();
    const looked = indexSelect(x, 0, ids(), { defer: true });
    // What an optimizer step does to a parameter: new data behind the same tensor.
    x.moveTo(x.backend, x.backend.write(new Float32Array(6).fill(9)));
    expect(looked.toArray()).toEqual([
      [5, 6],
      [1, 2],
      [5, 6],
    ]);
    expect(runs).toEqual(['IndexSelect']);
  });
});
