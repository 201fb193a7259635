import { Generator } from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import { copyTask } from './copy-task';

describe('copyTask', () => {
  it('gives int32 inputs and targets [N, 2K + T] and the special ids', () => {
    const task = copyTask({
      length: 3,
      delay: 4,
      symbols: 5,
      count: 2,
      generator: new Generator(0),
    });
    expect(task.inputs.shape).toEqual([2, 10]);
    expect(task.inputs.dtype).toBe('int32');
    expect(task.targets.shape).toEqual([2, 10]);
    expect(task.targets.dtype).toBe('int32');
    expect([task.blank, task.go, task.vocabSize]).toEqual([0, 6, 7]);
  });

  it('asks for the symbols after the go symbol, and the targets reproduce them', () => {
    const [length, delay, symbols] = [4, 6, 3];
    const task = copyTask({ length, delay, symbols, count: 50, generator: new Generator(1) });
    const inputs = task.inputs.toArray() as number[][];
    const targets = task.targets.toArray() as number[][];
    inputs.forEach((input, n) => {
      const data = input.slice(0, length);
      expect(data.every((symbol) => symbol >= 1 && symbol <= symbols)).toBe(true);
      expect(input.slice(length)).toEqual([0, 0, 0, 0, 0, task.go, 0, 0, 0, 0]);
      expect(targets[n]).toEqual([...Array<number>(length + delay).fill(0), ...data]);
    });
  });

  it('draws the symbols uniformly, so a memoryless guess is right 1/symbols of the time', () => {
    const task = copyTask({
      length: 10,
      delay: 1,
      symbols: 4,
      count: 400,
      generator: new Generator(2),
    });
    const counts = [0, 0, 0, 0, 0];
    const data = task.inputs.toArray() as number[][];
    for (const row of data)
      for (const symbol of row.slice(0, 10)) counts[symbol] = (counts[symbol] ?? 0) + 1;
    counts.slice(1).forEach((count) => expect(count / 4000).toBeCloseTo(0.25, 1));
  });

  it('rejects a zero delay', () => {
    expect(() => copyTask({ length: 3, delay: 0, count: 1 })).toThrow(
      'copyTask: options.delay must be an integer ≥ 1, got 0.',
    );
  });
});
