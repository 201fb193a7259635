import { fc, test } from '@fast-check/vitest';
import { ArgumentError } from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import { CharTokenizer } from './char-tokenizer';

/** Strings rich in non-ASCII text: any code point, accents, CJK, emoji, marks and a BOM. */
const unicodeText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({
    unit: fc.constantFrom(
      'a',
      'é',
      'e\u0301',
      'ß',
      '中',
      '文',
      '😀',
      '👍🏽',
      '\uFEFF',
      '\uFFFD',
      ' ',
      '\n',
    ),
    maxLength: 30,
  }),
);

describe('CharTokenizer', () => {
  it('sorts the vocabulary by code point after the unknown character at id 0', () => {
    const tokenizer = CharTokenizer.fromText('hello 😀');
    expect(tokenizer.vocabulary).toEqual(['\uFFFD', ' ', 'e', 'h', 'l', 'o', '😀']);
    expect(tokenizer.vocabSize).toBe(7);
    expect(tokenizer.encode('hole')).toEqual([3, 5, 4, 2]);
  });

  it('treats an astral character as one token, not two UTF-16 units', () => {
    // '😀' is two UTF-16 units; code-unit sorting would also put it before 'ｚ' (U+FF5A).
    const tokenizer = CharTokenizer.fromText('😀ｚ𝄞');
    expect(tokenizer.vocabulary).toEqual(['\uFFFD', 'ｚ', '𝄞', '😀']);
    expect(tokenizer.encode('😀𝄞')).toEqual([3, 2]);
    expect(tokenizer.decode([3])).toBe('😀');
  });

  it('is deterministic: the same characters in any order give the same ids', () => {
    expect(CharTokenizer.fromText('cab').vocabulary).toEqual(
      CharTokenizer.fromText('abcabc').vocabulary,
    );
  });

  it('encodes unseen characters as the unknown id 0, which decodes to the unknown character', () => {
    const tokenizer = CharTokenizer.fromText('abc', { unknown: '?' });
    expect(tokenizer.encode('axc')).toEqual([1, 0, 3]);
    expect(tokenizer.decode(tokenizer.encode('axc'))).toBe('a?c');
    expect(tokenizer.unknown).toBe('?');
  });

  it('keeps the unknown character at id 0 when the text contains it too', () => {
    const tokenizer = CharTokenizer.fromText('a?b', { unknown: '?' });
    expect(tokenizer.vocabulary).toEqual(['?', 'a', 'b']);
  });

  test.prop([unicodeText], { seed: 11, numRuns: 200 })(
    'round-trips any text it was built from, one id per code point (property)',
    (text) => {
      const tokenizer = CharTokenizer.fromText(text);
      const ids = tokenizer.encode(text);
      expect(ids.length).toBe(Array.from(text).length);
      expect(tokenizer.decode(ids)).toBe(text);
      expect(ids.every((id) => id >= 0 && id < tokenizer.vocabSize)).toBe(true);
    },
  );

  test.prop([unicodeText, unicodeText], { seed: 12, numRuns: 100 })(
    'maps exactly the characters missing from the corpus to id 0 (property)',
    (corpus, text) => {
      const tokenizer = CharTokenizer.fromText(corpus);
      const known = new Set(corpus);
      Array.from(text).forEach((character, position) => {
        const id = tokenizer.encode(text)[position];
        if (known.has(character)) expect(tokenizer.vocabulary[id ?? -1]).toBe(character);
        else expect(id).toBe(0);
      });
    },
  );

  it('rejects a bad unknown character, vocabulary or id with the argument named', () => {
    expect(() => CharTokenizer.fromText('a', { unknown: '<unk>' })).toThrow(
      'CharTokenizer.fromText: options.unknown must be exactly one code point, got "<unk>".',
    );
    expect(() => new CharTokenizer(['?', 'a', 'a'])).toThrow(
      /distinct characters, got "a" at indices 1 and 2/,
    );
    expect(() => new CharTokenizer([])).toThrow(ArgumentError);
    expect(() => CharTokenizer.fromText('ab').decode([1, 3])).toThrow(
      'CharTokenizer.decode: ids[1] must be an integer in [0, 3), got 3.',
    );
    expect(() => CharTokenizer.fromText('ab').decode([0.5])).toThrow(/ids\[0\]/);
  });

  it('decodes the rows of an int32 typed array', () => {
    const tokenizer = CharTokenizer.fromText('ab');
    expect(tokenizer.decode(Int32Array.from([2, 1, 0]))).toBe('ba\uFFFD');
  });
});
