import { fc, test } from '@fast-check/vitest';
import { FormatError } from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import { ByteTokenizer } from './byte-tokenizer';
import { CharTokenizer } from './char-tokenizer';
import { tokenizerFromJSON, type Tokenizer } from './tokenizer';
import { WordTokenizer } from './word-tokenizer';

const corpus = "Größe 中文 😀👍🏽 don't, stop.\n";

const builders: [string, (text: string) => Tokenizer][] = [
  ['char', (text) => CharTokenizer.fromText(text)],
  ['byte', () => new ByteTokenizer()],
  ['word', (text) => WordTokenizer.fromText(text, { lowercase: true, maxVocab: 5 })],
];

describe('tokenizerFromJSON', () => {
  describe.each(builders)('%s', (kind, build) => {
    test.prop([fc.string({ unit: 'grapheme', maxLength: 30 })], { seed: 41, numRuns: 50 })(
      'rebuilds a tokenizer that encodes and decodes the same, through JSON text (property)',
      (text) => {
        const original = build(corpus + text);
        const saved = JSON.stringify(original.toJSON());
        const restored = tokenizerFromJSON(JSON.parse(saved));
        const probe = `${text} ${corpus} zebra`;
        expect(restored.kind).toBe(kind);
        expect(restored.vocabSize).toBe(original.vocabSize);
        expect(restored.encode(probe)).toEqual(original.encode(probe));
        const ids = original.encode(probe);
        expect(restored.decode(ids)).toBe(original.decode(ids));
        expect(tokenizerFromJSON(saved).toJSON()).toEqual(original.toJSON());
      },
    );
  });

  it('rebuilds the right class for each kind', () => {
    expect(tokenizerFromJSON(CharTokenizer.fromText('a').toJSON())).toBeInstanceOf(CharTokenizer);
    expect(tokenizerFromJSON(new ByteTokenizer().toJSON())).toBeInstanceOf(ByteTokenizer);
    expect(tokenizerFromJSON(WordTokenizer.fromText('a').toJSON())).toBeInstanceOf(WordTokenizer);
  });

  const good = { kind: 'char', version: 1, vocabulary: ['\uFFFD', 'a'] };
  it.each([
    ['{"kind": "char",', 'tokenizerFromJSON: json must be valid JSON text, got {"kind": "char",.'],
    [null, 'tokenizerFromJSON: json must be an object with a "kind" field, got null.'],
    [
      [1, 2],
      'tokenizerFromJSON: json must be an object with a "kind" field, got an array of length 2.',
    ],
    [{ kind: 'bpe' }, `tokenizerFromJSON: json.kind must be 'char', 'byte' or 'word', got "bpe".`],
    [{ ...good, version: 2 }, 'CharTokenizer.fromJSON: json.version must be 1, got 2.'],
    [
      { ...good, vocabulary: 'abc' },
      'CharTokenizer.fromJSON: json.vocabulary must be a non-empty array of strings, got "abc".',
    ],
    [
      { ...good, vocabulary: ['\uFFFD', 'ab'] },
      'CharTokenizer.fromJSON: json.vocabulary[1] must be one code point, got "ab".',
    ],
    [
      { ...good, vocabulary: ['\uFFFD', 7] },
      'CharTokenizer.fromJSON: json.vocabulary[1] must be one code point, got 7.',
    ],
    [
      { ...good, vocabulary: ['a', 'a'] },
      'CharTokenizer.fromJSON: json.vocabulary must hold distinct tokens, got "a" twice',
    ],
    [
      { kind: 'word', version: 1, vocabulary: ['<unk>'] },
      'WordTokenizer.fromJSON: json.lowercase must be a boolean, got undefined.',
    ],
    [
      { kind: 'word', version: 1, lowercase: false, vocabulary: ['a'] },
      `WordTokenizer.fromJSON: json.vocabulary[0] must be '<unk>', got "a".`,
    ],
    [
      { kind: 'word', version: 1, lowercase: false, vocabulary: ['<unk>', ''] },
      'WordTokenizer.fromJSON: json.vocabulary[1] must be a non-empty string, got "".',
    ],
    [{ kind: 'byte' }, 'ByteTokenizer.fromJSON: json.version must be 1, got undefined.'],
  ])('rejects malformed JSON %j with a FormatError naming the field', (json, message) => {
    expect(() => tokenizerFromJSON(json)).toThrow(FormatError);
    expect(() => tokenizerFromJSON(json)).toThrow(message);
  });

  it('accepts the JSON it was given as text or as an object alike', () => {
    expect(tokenizerFromJSON(JSON.stringify(good)).encode('ab')).toEqual([1, 0]);
    expect(tokenizerFromJSON(good).encode('ab')).toEqual([1, 0]);
  });
});
