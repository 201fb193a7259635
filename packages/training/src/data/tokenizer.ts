// The contract every tokenizer meets, and the one function that rebuilds any tokenizer from the
// plain JSON saved next to a model's weights.
import { FormatError } from '@unroll/tensor';
import { ByteTokenizer, type ByteTokenizerJSON } from './byte-tokenizer';
import { CharTokenizer, type CharTokenizerJSON } from './char-tokenizer';
import { describe, preview } from './internal/json';
import { WordTokenizer, type WordTokenizerJSON } from './word-tokenizer';

/** The kinds of tokenizer Unroll ships, as stored in {@link TokenizerJSON}'s `kind`. @category Data */
export type TokenizerKind = 'char' | 'byte' | 'word';

/**
 * A tokenizer's vocabulary as plain JSON (what gets saved with a model), discriminated by `kind`.
 * @category Data
 */
export type TokenizerJSON = CharTokenizerJSON | ByteTokenizerJSON | WordTokenizerJSON;

/**
 * Turns text into integer token ids and back. Ids are in `[0, vocabSize)`, so they index an
 * `Embedding` of `vocabSize` rows and a classifier head with `vocabSize` outputs.
 * @example
 * ```ts
 * const tokenizer: Tokenizer = CharTokenizer.fromText('hello world');
 * const ids = tokenizer.encode('hello'); // number[] of length 5
 * tokenizer.decode(ids); // 'hello'
 * const saved = JSON.stringify(tokenizer.toJSON());
 * ```
 * @category Data
 */
export interface Tokenizer {
  /** Which tokenizer this is; also the `kind` of its JSON. */
  readonly kind: TokenizerKind;
  /** Number of distinct ids: every id is in `[0, vocabSize)`. */
  readonly vocabSize: number;
  /** Splits `text` into tokens and returns their ids, in order. */
  encode(text: string): number[];
  /** Turns ids (for example a row of an int32 tensor's `data()`) back into text. */
  decode(ids: ArrayLike<number>): string;
  /** The vocabulary and settings as plain JSON, for {@link tokenizerFromJSON}. */
  toJSON(): TokenizerJSON;
}

/**
 * Rebuilds a tokenizer of any kind from {@link Tokenizer.toJSON}'s output, either the parsed
 * object or the JSON text. The result encodes and decodes exactly as the saved tokenizer did.
 * @param json - a {@link TokenizerJSON} object, or a string holding one
 * @returns a {@link CharTokenizer}, {@link ByteTokenizer} or {@link WordTokenizer}
 * @throws {FormatError} if the text is not JSON, the `kind` is unknown, or the vocabulary is
 * malformed (the message names the field)
 * @example
 * ```ts
 * const saved = JSON.stringify(CharTokenizer.fromText('abc').toJSON());
 * const tokenizer = tokenizerFromJSON(saved);
 * tokenizer.decode(tokenizer.encode('cab')); // 'cab'
 * ```
 * @category Data
 */
export function tokenizerFromJSON(json: unknown): Tokenizer {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json) as unknown;
    } catch (error) {
      throw new FormatError(
        `tokenizerFromJSON: json must be valid JSON text, got ${preview(json)}.`,
        { cause: error },
      );
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FormatError(
      `tokenizerFromJSON: json must be an object with a "kind" field, got ${describe(value)}.`,
    );
  }
  const kind = (value as { kind?: unknown }).kind;
  switch (kind) {
    case 'char':
      return CharTokenizer.fromJSON(value);
    case 'byte':
      return ByteTokenizer.fromJSON(value);
    case 'word':
      return WordTokenizer.fromJSON(value);
    default:
      throw new FormatError(
        `tokenizerFromJSON: json.kind must be 'char', 'byte' or 'word', got ${describe(kind)}.`,
      );
  }
}
