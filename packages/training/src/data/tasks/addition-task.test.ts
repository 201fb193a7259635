import { Generator } from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import { additionTask } from './addition-task';

describe('additionTask', () => {
  const maxDigits = 3;
  const task = additionTask({ maxDigits, count: 300, generator: new Generator(0) });

  it('gives int32 encoder inputs [N, 2·maxDigits + 1] and decoder tensors [N, maxDigits + 2]', () => {
    expect(task.encoderInputs.shape).toEqual([300, 7]);
    expect(task.decoderInputs.shape).toEqual([300, 5]);
    expect(task.decoderTargets.shape).toEqual([300, 5]);
    for (const t of [task.encoderInputs, task.decoderInputs, task.decoderTargets]) {
      expect(t.dtype).toBe('int32');
    }
  });

  it('uses a character tokenizer over "0123456789+=" with a space at id 0 as padding', () => {
    expect(task.tokenizer.vocabulary.join('')).toBe(' +0123456789=');
    expect(task.padId).toBe(0);
    expect(task.tokenizer.decode([task.startId])).toBe('=');
  });

  it('writes problems whose answers are right (checked with BigInt)', () => {
    task.problems.forEach((problem, n) => {
      const match = /^(0|[1-9]\d{0,2})\+(0|[1-9]\d{0,2})$/.exec(problem);
      expect(match).not.toBeNull();
      const [, a = '', b = ''] = match ?? [];
      expect(task.answers[n]).toBe(String(BigInt(a) + BigInt(b)));
    });
  });

  it('is right for 15-digit operands too', () => {
    const large = additionTask({ maxDigits: 15, count: 200, generator: new Generator(1) });
    expect(large.problems.some((problem) => problem.length > 25)).toBe(true);
    large.problems.forEach((problem, n) => {
      const [a = '', b = ''] = problem.split('+');
      expect(a.length).toBeLessThanOrEqual(15);
      expect(large.answers[n]).toBe(String(BigInt(a) + BigInt(b)));
    });
  });

  it('encodes the strings in the tensors, and the decoder input is the target shifted after "="', () => {
    const encoderRows = task.encoderInputs.toArray() as number[][];
    const decoderInputs = task.decoderInputs.toArray() as number[][];
    const decoderTargets = task.decoderTargets.toArray() as number[][];
    task.problems.forEach((problem, n) => {
      expect(task.tokenizer.decode(encoderRows[n] ?? []).trimEnd()).toBe(problem);
      expect(task.encoderLengths[n]).toBe(problem.length);
      const target = decoderTargets[n] ?? [];
      expect(task.tokenizer.decode(target).trimEnd()).toBe(task.answers[n]);
      expect(target.at(-1)).toBe(task.padId); // room for the end marker
      expect(decoderInputs[n]).toEqual([task.startId, ...target.slice(0, -1)]);
    });
  });

  it('draws operand lengths uniformly, and no fixed answer is right more than about 10% of the time', () => {
    const lengths = task.problems.flatMap((problem) => problem.split('+').map((a) => a.length));
    [1, 2, 3].forEach((digits) =>
      expect(lengths.filter((length) => length === digits).length / lengths.length).toBeCloseTo(
        1 / 3,
        1,
      ),
    );
    const small = additionTask({ maxDigits: 1, count: 5000, generator: new Generator(2) });
    const frequency = new Map<string, number>();
    for (const answer of small.answers) frequency.set(answer, (frequency.get(answer) ?? 0) + 1);
    const best = Math.max(...frequency.values()) / small.answers.length;
    expect(best).toBeGreaterThan(0.08);
    expect(best).toBeLessThan(0.115);
  });

  it('rejects maxDigits outside [1, 15]', () => {
    expect(() => additionTask({ maxDigits: 16, count: 1 })).toThrow(
      'additionTask: options.maxDigits must be an integer in [1, 15], got 16.',
    );
  });
});
