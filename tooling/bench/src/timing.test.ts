import { describe, expect, it } from 'vitest';
import { time } from './timing';
import { parseWorkloads } from './workloads';

describe('the timing rule', () => {
  it('warms up, then times until both the call and time minimums hold, and reports the median', () => {
    let now = 0;
    const durations = [5, 5, 1, 3, 2, 9, 4, 6];
    let k = 0;
    const timing = time(
      () => (now += durations[k++]!),
      { warmupCalls: 2, warmupSeconds: 2, minCalls: 5, minSeconds: 10, maxSeconds: 90 },
      () => now,
    );
    expect(timing).toEqual({ reps: 5, median_s: 3, min_s: 1, max_s: 9 });
  });
});

describe('workload files', () => {
  it('accept the peers schema and name bad fields', () => {
    expect(
      parseWorkloads(
        '{"W9": {"kind":"train","cell":"gru","vocab":5,"hidden":4,"layers":1,"batch":2,"seqLen":3}}',
        'x.json',
      ).W9?.cell,
    ).toBe('gru');
    expect(() =>
      parseWorkloads(
        '{"W9": {"kind":"train","cell":"gru","hidden":4,"layers":1,"batch":2,"seqLen":0,"vocab":3}}',
        'x.json',
      ),
    ).toThrow('x.json: workload W9: seqLen must be a positive integer');
  });
});
