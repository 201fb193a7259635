// A character-level tokenizer over Unicode code points (an emoji is one token, not two UTF-16
// units), the vocabulary of char-rnn style language models.
import { ArgumentError } from '@unroll/tensor';
import { checkIds } from './internal/ids';
import { readTokenizerObject, readVocabulary, TOKENIZER_JSON_VERSION } from './internal/json';
import type { Tokenizer } from './tokenizer';

/** Options of {@link CharTokenizer.fromText}. @category Data */
export interface CharTokenizerOptions {
  /** The character that stands for every unseen character, with id 0 (default `'\uFFFD'`). */
  unknown?: string;
}

/**
 * A {@link CharTokenizer}'s vocabulary as plain JSON; `vocabulary[id]` is the character with
 * that id, and `vocabulary[0]` is the unknown character.
 * @category Data
 */
export interface CharTokenizerJSON {
  /** Always `'char'`. */
  kind: 'char';
  /** Format version, currently 1. */
  version: 1;
  /** One code point per id; index 0 is the unknown character. */
  vocabulary: string[];
}

const codePointCount = (text: string): number => Array.from(text).length;
const byCodePoint = (a: string, b: string): number =>
  (a.codePointAt(0) ?? 0) - (b.codePointAt(0) ?? 0);

/**
 * Maps each Unicode code point to an id. Id 0 is reserved for the unknown character: encoding a
 * character outside the vocabulary gives 0, and decoding 0 gives the unknown character.
 *
 * {@link CharTokenizer.fromText} builds the vocabulary from a corpus, sorted by code point so the
 * same text always gives the same ids. Code points, not UTF-16 units: `'é'`, `'中'` and `'😀'`
 * are one token each. (A character built from several code points, such as an emoji with a skin
 * tone, is several tokens.)
 * @example
 * ```ts
 * const tokenizer = CharTokenizer.fromText('hello 😀');
 * tokenizer.vocabulary; // ['\uFFFD', ' ', 'e', 'h', 'l', 'o', '😀']: vocabSize 7
 * tokenizer.encode('hole'); // [3, 5, 4, 2]
 * tokenizer.encode('x'); // [0], the unknown id
 * tokenizer.decode(tokenizer.encode('hello 😀')); // 'hello 😀'
 * ```
 * @category Data
 */
export class CharTokenizer implements Tokenizer {
  /** Always `'char'`. */
  readonly kind = 'char' as const;
  /** The id of the unknown character: always 0. */
  readonly unknownId = 0;
  /** `vocabulary[id]` is the character with that id; `vocabulary[0]` is the unknown character. */
  readonly vocabulary: readonly string[];
  #ids: Map<string, number>;

  /**
   * Wraps an existing vocabulary (usually use {@link CharTokenizer.fromText}).
   * @param vocabulary - distinct single code points; the first is the unknown character
   * @throws {ArgumentError} if the vocabulary is empty, or an entry is not exactly one code point
   * or appears twice
   */
  constructor(vocabulary: readonly string[]) {
    if (vocabulary.length === 0) {
      throw new ArgumentError(
        'CharTokenizer: vocabulary must hold at least the unknown character, got an empty array.',
        { argument: 'vocabulary' },
      );
    }
    this.#ids = new Map();
    vocabulary.forEach((character, id) => {
      if (typeof character !== 'string' || codePointCount(character) !== 1) {
        throw new ArgumentError(
          `CharTokenizer: vocabulary[${id}] must be exactly one code point, got ${JSON.stringify(character)}.`,
          { argument: 'vocabulary' },
        );
      }
      if (this.#ids.has(character)) {
        throw new ArgumentError(
          `CharTokenizer: vocabulary must hold distinct characters, got ${JSON.stringify(character)} at indices ${this.#ids.get(character)} and ${id}.`,
          { argument: 'vocabulary' },
        );
      }
      this.#ids.set(character, id);
    });
    this.vocabulary = Object.freeze([...vocabulary]);
  }

  /**
   * Builds the vocabulary of every code point in `text`, sorted by code point, after the unknown
   * character at id 0.
   * @param text - the corpus
   * @param options - `unknown`: the character for id 0 (default `'\uFFFD'`, the replacement
   * character); if it also occurs in `text`, it keeps id 0 and is not repeated
   * @returns a tokenizer with `vocabSize` = 1 + the number of distinct other code points
   * @throws {ArgumentError} if `unknown` is not exactly one code point
   * @example
   * ```ts
   * CharTokenizer.fromText('banana').vocabulary; // ['\uFFFD', 'a', 'b', 'n']
   * ```
   */
  static fromText(text: string, options: CharTokenizerOptions = {}): CharTokenizer {
    const unknown = options.unknown ?? '\uFFFD';
    if (typeof unknown !== 'string' || codePointCount(unknown) !== 1) {
      throw new ArgumentError(
        `CharTokenizer.fromText: options.unknown must be exactly one code point, got ${JSON.stringify(unknown)}.`,
        { argument: 'options.unknown' },
      );
    }
    const characters = new Set(text);
    characters.delete(unknown);
    return new CharTokenizer([unknown, ...[...characters].sort(byCodePoint)]);
  }

  /**
   * Rebuilds a tokenizer from {@link CharTokenizer.toJSON}'s output.
   * @param json - a {@link CharTokenizerJSON} object
   * @returns a tokenizer with the same ids
   * @throws {FormatError} if `json` is not a valid {@link CharTokenizerJSON}; the message names
   * the field
   */
  static fromJSON(json: unknown): CharTokenizer {
    const api = 'CharTokenizer.fromJSON';
    const record = readTokenizerObject(json, 'char', api);
    const isOneCodePoint = (token: string): boolean => codePointCount(token) === 1;
    return new CharTokenizer(readVocabulary(record, api, isOneCodePoint, 'one code point'));
  }

  /** Number of ids, the unknown character included. */
  get vocabSize(): number {
    return this.vocabulary.length;
  }

  /** The character with id 0, given to every unseen character. */
  get unknown(): string {
    return this.vocabulary[0] ?? '\uFFFD';
  }

  /**
   * One id per code point of `text`; unseen characters give the unknown id 0.
   * @param text - any string
   * @returns ids in `[0, vocabSize)`, as many as `text` has code points
   */
  encode(text: string): number[] {
    return Array.from(text, (character) => this.#ids.get(character) ?? this.unknownId);
  }

  /**
   * The characters of `ids`, concatenated.
   * @param ids - integers in `[0, vocabSize)`, e.g. a tensor's `data()`
   * @returns the text; id 0 decodes to the unknown character
   * @throws {ArgumentError} if an id is not an integer in `[0, vocabSize)` (names its position)
   */
  decode(ids: ArrayLike<number>): string {
    checkIds(ids, this.vocabSize, 'CharTokenizer.decode');
    return Array.from(ids, (id) => this.vocabulary[id]).join('');
  }

  /** The vocabulary as plain JSON for {@link tokenizerFromJSON}. */
  toJSON(): CharTokenizerJSON {
    return { kind: 'char', version: TOKENIZER_JSON_VERSION, vocabulary: [...this.vocabulary] };
  }
}
