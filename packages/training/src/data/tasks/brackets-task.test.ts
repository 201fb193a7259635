import { Generator } from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import { bracketsTask } from './brackets-task';

/** Oracle independent of depth counting: delete "()" pairs until none is left. */
function reducesToEmpty(text: string): boolean {
  let current = text;
  for (;;) {
    const next = current.replaceAll('()', '');
    if (next === current) return current === '';
    current = next;
  }
}

describe('bracketsTask', () => {
  const maxLength = 12;
  const task = bracketsTask({ maxLength, count: 600, generator: new Generator(0) });

  it('gives int32 inputs [N, L_max], labels [N], and lengths', () => {
    expect(task.inputs.shape).toEqual([600, maxLength]);
    expect(task.inputs.dtype).toBe('int32');
    expect(task.labels.shape).toEqual([600]);
    expect(task.labels.dtype).toBe('int32');
    expect(task.lengths).toHaveLength(600);
    expect(task.vocabSize).toBe(3);
  });

  it('labels each string correctly', () => {
    const labels = Array.from(task.labels.data());
    task.strings.forEach((text, n) => {
      expect(/^[()]+$/.test(text)).toBe(true);
      expect(labels[n]).toBe(reducesToEmpty(text) ? 1 : 0);
    });
  });

  it('encodes each string as 1 for "(" and 2 for ")", padded with 0 after its length', () => {
    const rows = task.inputs.toArray() as number[][];
    task.strings.forEach((text, n) => {
      expect(task.lengths[n]).toBe(text.length);
      expect(text.length).toBeLessThanOrEqual(maxLength);
      const expected = Array.from({ length: maxLength }, (_, t) =>
        t >= text.length ? 0 : text[t] === '(' ? 1 : 2,
      );
      expect(rows[n]).toEqual(expected);
    });
  });

  it('balances the classes and includes negatives with equal bracket counts', () => {
    const labels = Array.from(task.labels.data());
    const positives = labels.filter((label) => label === 1).length;
    expect(positives / labels.length).toBeGreaterThan(0.4);
    expect(positives / labels.length).toBeLessThan(0.6);
    const countsMatch = (text: string) => text.split('(').length - 1 === text.split(')').length - 1;
    const hardNegatives = task.strings.filter((text, n) => labels[n] === 0 && countsMatch(text));
    expect(hardNegatives.length / (labels.length - positives)).toBeGreaterThan(0.4);
  });

  it('is deterministic per seed', () => {
    const make = (seed: number) =>
      bracketsTask({ maxLength: 8, count: 20, generator: new Generator(seed) }).strings;
    expect(make(5)).toEqual(make(5));
    expect(make(5)).not.toEqual(make(6));
  });

  it('rejects a maxLength below 2', () => {
    expect(() => bracketsTask({ maxLength: 1, count: 3 })).toThrow(
      'bracketsTask: options.maxLength must be an integer ≥ 2, got 1.',
    );
  });
});
