import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { ByteTokenizer } from './byte-tokenizer';

/** UTF-8 length of one code point, from the encoding table (independent of TextEncoder). */
const utf8Length = (codePoint: number): number =>
  codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;

describe('ByteTokenizer', () => {
  const tokenizer = new ByteTokenizer();

  it('encodes text as UTF-8 bytes with a fixed vocabulary of 256', () => {
    expect(tokenizer.vocabSize).toBe(256);
    expect(tokenizer.encode('hi')).toEqual([104, 105]);
    expect(tokenizer.encode('é')).toEqual([0xc3, 0xa9]);
    expect(tokenizer.encode('中')).toEqual([0xe4, 0xb8, 0xad]);
    expect(tokenizer.encode('😀')).toEqual([0xf0, 0x9f, 0x98, 0x80]);
  });

  test.prop([fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }))], {
    seed: 21,
    numRuns: 200,
  })(
    'round-trips any well-formed text, with one to four bytes per code point (property)',
    (text) => {
      const ids = tokenizer.encode(text);
      const expectedLength = Array.from(text).reduce(
        (total, character) => total + utf8Length(character.codePointAt(0) ?? 0),
        0,
      );
      expect(ids.length).toBe(expectedLength);
      expect(tokenizer.decode(ids)).toBe(text);
    },
  );

  it('keeps a leading byte-order mark', () => {
    expect(tokenizer.decode(tokenizer.encode('\uFEFFa'))).toBe('\uFEFFa');
  });

  it('decodes invalid UTF-8 leniently, with replacement characters', () => {
    expect(tokenizer.decode([0x61, 0xc3])).toBe('a\uFFFD');
    expect(tokenizer.decode([0xff, 0x62])).toBe('\uFFFDb');
  });

  it('rejects ids outside [0, 256)', () => {
    expect(() => tokenizer.decode([65, 256])).toThrow(
      'ByteTokenizer.decode: ids[1] must be an integer in [0, 256), got 256.',
    );
    expect(() => tokenizer.decode([-1])).toThrow(/ids\[0\]/);
  });
});
