import { testRandom } from '@unroll/test-utils';
import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  Generator,
  manualSeed,
  normal,
  rand,
  randint,
  randLike,
  randn,
  randnLike,
  randperm,
  tensor,
  uniform,
} from './index';
import { internalPortableLog } from './random';

const draw = (g: Generator, count: number, next: (g: Generator) => number): number[] =>
  Array.from({ length: count }, () => next(g));

describe('Generator', () => {
  it('pins the first values for seed 42 (cross-platform regression constants)', () => {
    expect(draw(new Generator(42), 3, (g) => g.nextUint32())).toEqual([
      2837322924, 544945897, 479756282,
    ]);
    expect(draw(new Generator(42), 3, (g) => g.nextNormal())).toEqual([
      0.31875784963858494, -0.7706160167419408, 0.15178267621950975,
    ]);
  });

  it('repeats a sequence for the same seed and differs between seeds', () => {
    const a = draw(new Generator(7), 20, (g) => g.nextFloat64());
    expect(draw(new Generator(7), 20, (g) => g.nextFloat64())).toEqual(a);
    expect(draw(new Generator(8), 20, (g) => g.nextFloat64())).not.toEqual(a);
    // Seeds above 2^32 are not folded onto their low 32 bits.
    expect(new Generator(2 ** 32 + 7).nextUint32()).not.toBe(new Generator(7).nextUint32());
    expect(new Generator().nextUint32()).toBe(new Generator(0).nextUint32());
  });

  it('manualSeed restarts the sequence', () => {
    const g = new Generator(3);
    const first = draw(g, 5, (x) => x.nextUint32());
    g.nextNormal();
    expect(draw(g.manualSeed(3), 5, (x) => x.nextUint32())).toEqual(first);
  });

  it('getState/setState resume exactly, including the cached normal spare', () => {
    const g = new Generator(11);
    g.nextNormal(); // leaves the pair's second sample cached
    const state = g.getState();
    expect(state.spare).not.toBeNull();
    const expected = draw(g, 5, (x) => x.nextNormal());
    const h = new Generator(0);
    h.setState(JSON.parse(JSON.stringify(state)) as typeof state);
    expect(draw(h, 5, (x) => x.nextNormal())).toEqual(expected);
    expect(expected[0]).toBe(state.spare);
  });

  it('getState returns a copy that later draws do not change', () => {
    const g = new Generator(1);
    const state = g.getState();
    const words = [...state.words];
    g.nextUint32();
    expect(state.words).toEqual(words);
    expect(g.getState().words).not.toEqual(words);
  });

  it('rejects bad seeds and states', () => {
    expect(() => new Generator(1.5)).toThrow(
      'Generator.manualSeed: seed must be a safe integer, got 1.5.',
    );
    const g = new Generator(0);
    expect(() => g.setState({ words: [1, 2, 3], spare: null } as never)).toThrow(ArgumentError);
    expect(() => g.setState({ words: [1, 2, 3, -1], spare: null })).toThrow('Generator.setState');
  });

  it('draws unbiased integers in [low, high)', () => {
    const g = new Generator(5);
    const values = draw(g, 600, (x) => x.nextInt(-2, 4));
    expect(Math.min(...values)).toBe(-2);
    expect(Math.max(...values)).toBe(3);
    expect(new Set(values).size).toBe(6);
  });
});

describe('internalPortableLog', () => {
  it('matches Math.log to about an ulp over (0, 1]', () => {
    const random = testRandom(99);
    const inputs: number[] = [1, 0.5, Math.SQRT1_2, Math.SQRT1_2 - 1e-12, 1 - 2 ** -53, 2 ** -1000];
    for (let k = 0; k < 5000; k++) inputs.push(random.next() || 0.5); // uniform in (0, 1)
    for (let k = 0; k < 2000; k++) inputs.push(2 ** -(random.next() * 1000)); // log-uniform
    for (let k = 1; k < 200; k++) inputs.push(1 - k * 2 ** -40); // close to 1
    const actual = inputs.map(internalPortableLog);
    expect(actual).toBeAllClose(inputs.map(Math.log), { atol: 0, rtol: 1e-15 });
    expect(internalPortableLog(1)).toBe(0);
  });
});

describe('random tensors', () => {
  it('are repeatable through a generator or manualSeed', () => {
    const a = randn([4], { generator: new Generator(2) });
    expect(randn([4], { generator: new Generator(2) }).toArray()).toEqual(a.toArray());
    expect(randn([4], { generator: new Generator(3) }).toArray()).not.toEqual(a.toArray());
    manualSeed(9);
    const b = rand([3]);
    manualSeed(9);
    expect(rand([3]).toArray()).toEqual(b.toArray());
  });

  it('rand lies in [0, 1) in float32 and float64', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const x = rand([2000], { dtype, generator: new Generator(4) });
      expect(x.dtype).toBe(dtype);
      const values = Array.from(x.data());
      expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...values)).toBeLessThan(1);
      expect(Math.max(...values)).toBeGreaterThan(0.99);
    }
  });

  it('uniform scales to [low, high)', () => {
    const values = Array.from(uniform([500], -3, -1, { generator: new Generator(1) }).data());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-3);
    expect(Math.max(...values)).toBeLessThan(-1);
    expect(() => uniform([1], 2, 1)).toThrow(
      'uniform: low must not exceed high, got low 2 and high 1.',
    );
  });

  it('randn has mean ≈ 0 and std ≈ 1 over 10k samples', () => {
    const x = randn([10000], { dtype: 'float64', generator: new Generator(123) });
    expect(Math.abs(x.mean().item())).toBeLessThan(0.05);
    expect(Math.abs(Math.sqrt(x.var().item()) - 1)).toBeLessThan(0.05);
  });

  it('normal shifts and scales', () => {
    const x = normal([4000], 5, 2, { dtype: 'float64', generator: new Generator(6) });
    expect(Math.abs(x.mean().item() - 5)).toBeLessThan(0.15);
    expect(Math.abs(Math.sqrt(x.var().item()) - 2)).toBeLessThan(0.15);
    expect(() => normal([1], 0, -1)).toThrow('normal: std must be non-negative, got -1.');
  });

  it('randint stays in [low, high) and hits every value', () => {
    const x = randint(-2, 3, [1000], { generator: new Generator(8) });
    expect(x.dtype).toBe('int32');
    expect([...new Set(x.data())].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2]);
    expect(randint(0, 5, [10], { dtype: 'float64' }).dtype).toBe('float64');
    expect(() => randint(3, 3, [1])).toThrow('with low < high');
    expect(() => randint(0, 1.5, [1])).toThrow(ArgumentError);
  });

  it('randperm is a permutation of 0 … n-1', () => {
    const p = randperm(20, { generator: new Generator(10) });
    const values = Array.from(p.data());
    expect(p.dtype).toBe('int32');
    expect([...values].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, k) => k));
    expect(values).not.toEqual(Array.from({ length: 20 }, (_, k) => k));
    expect(randperm(0).shape).toEqual([0]);
    expect(randperm(1).toArray()).toEqual([0]);
  });

  it('*Like copy shape and dtype, and requiresGrad is honoured', () => {
    const like = tensor([[1, 2, 3]], { dtype: 'float64' });
    expect([randLike(like).shape, randLike(like).dtype]).toEqual([[1, 3], 'float64']);
    expect(randnLike(like, { dtype: 'float32' }).dtype).toBe('float32');
    expect(randn([2], { requiresGrad: true }).requiresGrad).toBe(true);
    expect(() => rand([-1])).toThrow(ArgumentError);
  });
});

describe('Generator.nextInt bounds', () => {
  it('rejects empty, reversed, non-integer and over-wide ranges instead of hanging or returning NaN', () => {
    const g = new Generator(1);
    for (const [low, high] of [
      [0, 0],
      [5, 3],
      [0, 2.5],
      [0, 2 ** 33],
    ] as const) {
      expect(() => g.nextInt(low, high)).toThrow(
        `Generator.nextInt: low and high must be integers with low < high and high − low ≤ 2^32, got low ${low} and high ${high}.`,
      );
    }
    expect(g.nextInt(3, 4)).toBe(3);
  });
});
