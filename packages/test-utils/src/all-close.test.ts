import { describe, expect, it } from 'vitest';
import { allClose } from './all-close';
import { testRandom } from './random';

describe('allClose', () => {
  it('passes within atol + rtol·|expected| and fails just outside, naming the worst entry', () => {
    expect(allClose([1, 2], [1, 2 + 1e-6]).pass).toBe(true);
    const report = allClose(
      [
        [1, 2],
        [3, 4],
      ],
      [
        [1, 2],
        [3, 4.01],
      ],
      { atol: 1e-5, rtol: 1e-4 },
    );
    expect(report.pass).toBe(false);
    expect(report.message).toMatch(
      /^1 of 4 entries differ beyond atol 0\.00001, rtol 0\.0001; worst at \[1, 1\]: actual 4, expected 4\.01/,
    );
  });

  it('reports different shapes', () => {
    expect(allClose([1, 2, 3], [[1, 2, 3]]).message).toBe(
      'shapes differ: actual [3], expected [1, 3]',
    );
  });

  it('treats NaN as equal to NaN unless told otherwise', () => {
    expect(allClose([NaN], [NaN]).pass).toBe(true);
    expect(allClose([NaN], [NaN], { equalNaN: false }).pass).toBe(false);
    expect(allClose([1], [NaN]).pass).toBe(false);
  });

  it('reads tensor-likes through toArray', () => {
    const like = { shape: [2], toArray: () => [1, 2] };
    expect(allClose(like, [1, 2]).pass).toBe(true);
    expect(allClose(like, [1, 3]).pass).toBe(false);
  });
});

describe('testRandom', () => {
  it('repeats for a seed and stays in range', () => {
    expect(testRandom(3).array(5)).toEqual(testRandom(3).array(5));
    expect(testRandom(3).array(5)).not.toEqual(testRandom(4).array(5));
    const r = testRandom(1);
    for (let k = 0; k < 1000; k++) {
      const v = r.int(2, 5);
      expect(v >= 2 && v < 5 && Number.isInteger(v)).toBe(true);
    }
  });
});
