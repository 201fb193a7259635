import { fc, test } from '@fast-check/vitest';
import { ArgumentError, Generator, randperm, ShapeError } from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import {
  padSequenceFeatures,
  padSequences,
  shuffle,
  streamBatches,
  trainValidationSplit,
} from './batching';

const range = (n: number): number[] => Array.from({ length: n }, (_, k) => k);
const rows = (values: ArrayLike<number>, width: number): number[][] =>
  range(values.length / width).map((r) => Array.from(values).slice(r * width, (r + 1) * width));

describe('streamBatches', () => {
  it('yields count chunks of int32 [N, L], with targets one step ahead', () => {
    // Ids equal to their positions make every value say where it came from.
    const batches = streamBatches(range(103), { batchSize: 4, seqLen: 5 });
    expect(batches.count).toBe(4); // S = 25 per row, ⌊24 / 5⌋ = 4
    const chunks = [...batches];
    expect(chunks).toHaveLength(4);
    for (const { input, target } of chunks) {
      expect(input.shape).toEqual([4, 5]);
      expect(input.dtype).toBe('int32');
      expect(target.shape).toEqual([4, 5]);
      expect(target.dtype).toBe('int32');
    }
    expect(chunks[1]?.input.toArray()).toEqual([
      [5, 6, 7, 8, 9],
      [30, 31, 32, 33, 34],
      [55, 56, 57, 58, 59],
      [80, 81, 82, 83, 84],
    ]);
    expect(chunks[1]?.target.toArray()).toEqual([
      [6, 7, 8, 9, 10],
      [31, 32, 33, 34, 35],
      [56, 57, 58, 59, 60],
      [81, 82, 83, 84, 85],
    ]);
  });

  test.prop(
    [
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 0, max: 40 }),
    ],
    { seed: 51, numRuns: 60 },
  )(
    'continues every row across chunks, never mixing rows (property)',
    (batchSize, seqLen, extra) => {
      const length = batchSize * (seqLen + 1) + extra;
      const ids = range(length).map((k) => (k * 7919) % 10007); // distinct, not monotone
      const batches = streamBatches(ids, { batchSize, seqLen });
      const rowLength = Math.floor(length / batchSize);
      expect(batches.count).toBe(Math.floor((rowLength - 1) / seqLen));
      const inputs = range(batchSize).map((): number[] => []);
      const targets = range(batchSize).map((): number[] => []);
      for (const { input, target } of batches) {
        rows(input.data(), seqLen).forEach((row, r) => inputs[r]?.push(...row));
        rows(target.data(), seqLen).forEach((row, r) => targets[r]?.push(...row));
      }
      range(batchSize).forEach((r) => {
        const stream = ids.slice(r * rowLength, (r + 1) * rowLength);
        expect(inputs[r]).toEqual(stream.slice(0, batches.count * seqLen));
        expect(targets[r]).toEqual(stream.slice(1, batches.count * seqLen + 1));
      });
    },
  );

  it('is re-iterable and keeps its own copy of the ids', () => {
    const ids = range(30);
    const batches = streamBatches(ids, { batchSize: 2, seqLen: 4 });
    ids.fill(0);
    const first = [...batches].map(({ input }) => input.toArray());
    const second = [...batches].map(({ input }) => input.toArray());
    expect(first).toEqual(second);
    expect(first[0]).toEqual([
      [0, 1, 2, 3],
      [15, 16, 17, 18],
    ]);
  });

  it('says how many tokens one chunk needs when the text is too short', () => {
    expect(() => streamBatches(range(29), { batchSize: 3, seqLen: 9 })).toThrow(
      'streamBatches: ids must hold at least batchSize·(seqLen + 1) = 3·10 = 30 tokens for one chunk, got 29.',
    );
    expect(streamBatches(range(30), { batchSize: 3, seqLen: 9 }).count).toBe(1);
  });

  it('rejects bad options and ids', () => {
    expect(() => streamBatches(range(10), { batchSize: 0, seqLen: 2 })).toThrow(
      'streamBatches: options.batchSize must be a positive integer, got 0.',
    );
    expect(() => streamBatches(range(10), { batchSize: 1, seqLen: 1.5 })).toThrow(ArgumentError);
    expect(() => streamBatches([1, 2, -3, 4], { batchSize: 1, seqLen: 1 })).toThrow(
      'streamBatches: ids[2] must be a non-negative integer, got -3.',
    );
  });
});

describe('padSequences', () => {
  it('pads at the end to int32 [N, L_max] and reports lengths', () => {
    const { padded, lengths } = padSequences([[5, 6, 7], [8], []]);
    expect(padded.shape).toEqual([3, 3]);
    expect(padded.dtype).toBe('int32');
    expect(padded.toArray()).toEqual([
      [5, 6, 7],
      [8, 0, 0],
      [0, 0, 0],
    ]);
    expect(lengths).toEqual([3, 1, 0]);
  });

  it('cuts to maxLength and uses padValue', () => {
    const { padded, lengths } = padSequences([[1, 2, 3, 4], [5]], { maxLength: 3, padValue: -1 });
    expect(padded.toArray()).toEqual([
      [1, 2, 3],
      [5, -1, -1],
    ]);
    expect(lengths).toEqual([3, 1]);
  });

  it('gives an empty [0, 0] batch for no sequences', () => {
    const { padded, lengths } = padSequences([]);
    expect(padded.shape).toEqual([0, 0]);
    expect(lengths).toEqual([]);
  });

  it('rejects non-integer values', () => {
    expect(() => padSequences([[1], [2, 2.5]])).toThrow(
      'padSequences: sequences[1][1] must be an integer, got 2.5.',
    );
    expect(() => padSequences([[1]], { maxLength: -1 })).toThrow(/options.maxLength/);
  });
});

describe('padSequenceFeatures', () => {
  it('pads at the end to float32 [N, L_max, F] and reports lengths', () => {
    const { padded, lengths } = padSequenceFeatures(
      [
        [
          [1, 2],
          [3, 4],
        ],
        [[5, 6]],
      ],
      { padValue: 9 },
    );
    expect(padded.shape).toEqual([2, 2, 2]);
    expect(padded.dtype).toBe('float32');
    expect(padded).toBeAllClose([
      [
        [1, 2],
        [3, 4],
      ],
      [
        [5, 6],
        [9, 9],
      ],
    ]);
    expect(lengths).toEqual([2, 1]);
  });

  it('names the step whose feature count differs, and needs one step to infer F', () => {
    const call = () => padSequenceFeatures([[[1, 2]], [[3, 4], [5]]]);
    expect(call).toThrow(ShapeError);
    expect(call).toThrow(
      'padSequenceFeatures: sequences[1][1] must have F = 2 features like sequences[…][0], got 1.',
    );
    expect(() => padSequenceFeatures([[], []])).toThrow(/at least one time step/);
  });
});

describe('shuffle', () => {
  it('is Fisher–Yates: shuffling 0..n−1 equals randperm from the same seed', () => {
    const n = 50;
    expect(shuffle(range(n), new Generator(3))).toEqual(
      Array.from(randperm(n, { generator: new Generator(3) }).data()),
    );
  });

  test.prop([fc.array(fc.integer(), { maxLength: 30 }), fc.nat()], { seed: 61, numRuns: 50 })(
    'returns a permutation, the same for the same seed, leaving the input alone (property)',
    (items, seed) => {
      const copy = [...items];
      const once = shuffle(items, new Generator(seed));
      expect(shuffle(items, new Generator(seed))).toEqual(once);
      expect(items).toEqual(copy);
      expect([...once].sort((a, b) => a - b)).toEqual([...items].sort((a, b) => a - b));
    },
  );

  it('gives different orders for different seeds', () => {
    expect(shuffle(range(20), new Generator(1))).not.toEqual(shuffle(range(20), new Generator(2)));
  });
});

describe('trainValidationSplit', () => {
  it('holds out round(fraction·n) items and keeps every item exactly once', () => {
    const { train, validation } = trainValidationSplit(range(10), {
      validationFraction: 0.25,
      generator: new Generator(4),
    });
    expect(validation).toHaveLength(3); // round(2.5) = 3
    expect(train).toHaveLength(7);
    expect([...train, ...validation].sort((a, b) => a - b)).toEqual(range(10));
  });

  it('is deterministic per seed and differs between seeds', () => {
    const split = (seed: number) =>
      trainValidationSplit(range(40), { validationFraction: 0.2, generator: new Generator(seed) });
    expect(split(5)).toEqual(split(5));
    expect(split(5).validation).not.toEqual(split(6).validation);
  });

  it('rejects a fraction outside [0, 1]', () => {
    expect(() => trainValidationSplit([1, 2], { validationFraction: 1.5 })).toThrow(
      'trainValidationSplit: options.validationFraction must be a number in [0, 1], got 1.5.',
    );
    expect(() => trainValidationSplit([1, 2], { validationFraction: Number.NaN })).toThrow(
      ArgumentError,
    );
  });
});
