import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { WordTokenizer } from './word-tokenizer';

const unicodeText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({
    unit: fc.constantFrom('a', 'b', 'é', 'Ü', '中', '文', '😀', "'", ',', '.', ' ', ' ', '\n', '1'),
    maxLength: 40,
  }),
);

describe('WordTokenizer', () => {
  it('splits words and punctuation, keeping inner apostrophes and non-Latin words', () => {
    const text = "Don't stop, Zoë! 東京は晴れ😀 3.14";
    const tokenizer = WordTokenizer.fromText(text);
    expect(tokenizer.decode(tokenizer.encode(text))).toBe(
      "Don't stop , Zoë ! 東京は晴れ 😀 3 . 14",
    );
  });

  it('ranks words by frequency, ties in string order, after <unk> at id 0', () => {
    const tokenizer = WordTokenizer.fromText('the cat saw the dog.', { maxVocab: 4 });
    expect(tokenizer.vocabulary).toEqual(['<unk>', 'the', '.', 'cat']);
    expect(tokenizer.encode('the dog')).toEqual([1, 0]);
    expect(tokenizer.decode([1, 3, 2])).toBe('the cat .');
  });

  it('lowercases before counting and encoding when asked', () => {
    const tokenizer = WordTokenizer.fromText('B b A', { lowercase: true });
    expect(tokenizer.vocabulary).toEqual(['<unk>', 'b', 'a']);
    expect(tokenizer.encode('A B')).toEqual([2, 1]);
    expect(WordTokenizer.fromText('B b A').vocabulary).toEqual(['<unk>', 'A', 'B', 'b']);
  });

  it('gives unknown words id 0, decoded as <unk>', () => {
    const tokenizer = WordTokenizer.fromText('a b');
    expect(tokenizer.decode(tokenizer.encode('a zebra b'))).toBe('a <unk> b');
  });

  test.prop([unicodeText, fc.integer({ min: 1, max: 6 })], { seed: 31, numRuns: 150 })(
    'caps the vocabulary, keeps counts non-increasing and re-encodes its own output (property)',
    (text, maxVocab) => {
      const tokenizer = WordTokenizer.fromText(text, { maxVocab });
      const full = WordTokenizer.fromText(text);
      const ids = full.encode(text);
      expect(tokenizer.vocabSize).toBeLessThanOrEqual(maxVocab);
      expect(ids).not.toContain(0);
      const counts = full.vocabulary.map((_, id) => ids.filter((other) => other === id).length);
      counts.slice(2).forEach((count, k) => expect(count).toBeLessThanOrEqual(counts[k + 1] ?? 0));
      expect(full.encode(full.decode(ids))).toEqual(ids);
      expect(tokenizer.vocabulary).toEqual(full.vocabulary.slice(0, maxVocab));
    },
  );

  it('rejects a bad maxVocab, vocabulary or id', () => {
    expect(() => WordTokenizer.fromText('a', { maxVocab: 0 })).toThrow(
      "WordTokenizer.fromText: options.maxVocab must be an integer ≥ 1 (it counts '<unk>'), got 0.",
    );
    expect(() => new WordTokenizer(['a'])).toThrow(`vocabulary[0] must be '<unk>', got "a"`);
    expect(() => new WordTokenizer(['<unk>', 'a', 'a'])).toThrow(/vocabulary\[2\]/);
    expect(() => WordTokenizer.fromText('a').decode([2])).toThrow(
      'WordTokenizer.decode: ids[0] must be an integer in [0, 2), got 2.',
    );
  });
});
