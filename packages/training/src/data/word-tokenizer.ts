// A word-level tokenizer: words and single punctuation marks, with a frequency-ranked vocabulary
// capped at `maxVocab` and `<unk>` for everything else.
import { ArgumentError, FormatError } from '@unroll/tensor';
import { checkIds } from './internal/ids';
import {
  describe,
  readTokenizerObject,
  readVocabulary,
  TOKENIZER_JSON_VERSION,
} from './internal/json';
import type { Tokenizer } from './tokenizer';

/** Options of {@link WordTokenizer.fromText} and the {@link WordTokenizer} constructor. @category Data */
export interface WordTokenizerOptions {
  /** Largest vocabulary, `<unk>` included; the rarest words are dropped (default: no limit). */
  maxVocab?: number;
  /** Lowercase text before counting and encoding (default false). */
  lowercase?: boolean;
}

/**
 * A {@link WordTokenizer}'s vocabulary as plain JSON; `vocabulary[id]` is the word with that id
 * and `vocabulary[0]` is `'<unk>'`.
 * @category Data
 */
export interface WordTokenizerJSON {
  /** Always `'word'`. */
  kind: 'word';
  /** Format version, currently 1. */
  version: 1;
  /** Whether text is lowercased before encoding. */
  lowercase: boolean;
  /** One word per id; index 0 is `'<unk>'`. */
  vocabulary: string[];
}

/** The unknown word, always id 0. */
const UNKNOWN = '<unk>';

/**
 * A word is a run of letters, marks and digits, with inner apostrophes (`don't`, `l'eau`); any
 * other non-space code point (punctuation, symbols, emoji) is a token on its own.
 */
const TOKEN_PATTERN = /[\p{L}\p{M}\p{N}]+(?:['’][\p{L}\p{M}\p{N}]+)*|[^\s\p{L}\p{M}\p{N}]/gu;

/**
 * Splits text into words and punctuation and maps each to an id. Id 0 is `<unk>`, given to
 * every word outside the vocabulary.
 *
 * {@link WordTokenizer.fromText} ranks words by frequency, most frequent first (id 1), breaking
 * ties by JavaScript string order, so the same text always gives the same ids. `decode` joins
 * words with single spaces: it cannot restore the original spacing (`"Hi, you."` decodes to
 * `"Hi , you ."`).
 * @example
 * ```ts
 * const tokenizer = WordTokenizer.fromText('the cat saw the dog.', { maxVocab: 4 });
 * tokenizer.vocabulary; // ['<unk>', 'the', '.', 'cat']
 * tokenizer.encode('the dog'); // [1, 0]
 * tokenizer.decode([1, 3, 2]); // 'the cat .'
 * ```
 * @category Data
 */
export class WordTokenizer implements Tokenizer {
  /** Always `'word'`. */
  readonly kind = 'word' as const;
  /** The id of `<unk>`: always 0. */
  readonly unknownId = 0;
  /** `vocabulary[id]` is the word with that id; `vocabulary[0]` is `'<unk>'`. */
  readonly vocabulary: readonly string[];
  /** Whether text is lowercased before encoding. */
  readonly lowercase: boolean;
  #ids: Map<string, number>;

  /**
   * Wraps an existing vocabulary (usually use {@link WordTokenizer.fromText}).
   * @param vocabulary - distinct, non-empty words; the first must be `'<unk>'`
   * @param options - `lowercase` (default false)
   * @throws {ArgumentError} if the first entry is not `'<unk>'`, or an entry is empty or repeated
   */
  constructor(
    vocabulary: readonly string[],
    options: Pick<WordTokenizerOptions, 'lowercase'> = {},
  ) {
    if (vocabulary[0] !== UNKNOWN) {
      throw new ArgumentError(
        `WordTokenizer: vocabulary[0] must be '${UNKNOWN}', got ${describe(vocabulary[0])}.`,
        { argument: 'vocabulary' },
      );
    }
    this.#ids = new Map();
    vocabulary.forEach((word, id) => {
      if (typeof word !== 'string' || word.length === 0 || this.#ids.has(word)) {
        throw new ArgumentError(
          `WordTokenizer: vocabulary[${id}] must be a non-empty word not seen before, got ${describe(word)}.`,
          { argument: 'vocabulary' },
        );
      }
      this.#ids.set(word, id);
    });
    this.vocabulary = Object.freeze([...vocabulary]);
    this.lowercase = options.lowercase ?? false;
  }

  /**
   * Builds a vocabulary from `text`: `<unk>`, then words by decreasing count (ties in string
   * order), keeping at most `maxVocab` entries in all.
   * @param text - the corpus
   * @param options - `maxVocab` (default: no limit) and `lowercase` (default false)
   * @returns a tokenizer with `vocabSize` ≤ `maxVocab`
   * @throws {ArgumentError} if `maxVocab` is not an integer ≥ 1
   * @example
   * ```ts
   * WordTokenizer.fromText('A a b', { lowercase: true }).vocabulary; // ['<unk>', 'a', 'b']
   * ```
   */
  static fromText(text: string, options: WordTokenizerOptions = {}): WordTokenizer {
    const maxVocab = options.maxVocab ?? Infinity;
    if (maxVocab !== Infinity && (!Number.isInteger(maxVocab) || maxVocab < 1)) {
      throw new ArgumentError(
        `WordTokenizer.fromText: options.maxVocab must be an integer ≥ 1 (it counts '${UNKNOWN}'), got ${maxVocab}.`,
        { argument: 'options.maxVocab' },
      );
    }
    const lowercase = options.lowercase ?? false;
    const counts = new Map<string, number>();
    // '<unk>' itself never comes out of splitWords ('<' and '>' are punctuation), so the
    // counted words cannot collide with id 0.
    for (const word of splitWords(text, lowercase)) counts.set(word, (counts.get(word) ?? 0) + 1);
    const ranked = [...counts]
      .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, maxVocab - 1)
      .map(([word]) => word);
    return new WordTokenizer([UNKNOWN, ...ranked], { lowercase });
  }

  /**
   * Rebuilds a tokenizer from {@link WordTokenizer.toJSON}'s output.
   * @param json - a {@link WordTokenizerJSON} object
   * @returns a tokenizer with the same ids
   * @throws {FormatError} if `json` is not a valid {@link WordTokenizerJSON}; the message names
   * the field
   */
  static fromJSON(json: unknown): WordTokenizer {
    const api = 'WordTokenizer.fromJSON';
    const record = readTokenizerObject(json, 'word', api);
    if (typeof record.lowercase !== 'boolean') {
      throw new FormatError(
        `${api}: json.lowercase must be a boolean, got ${describe(record.lowercase)}.`,
      );
    }
    const vocabulary = readVocabulary(record, api, (word) => word.length > 0, 'a non-empty string');
    if (vocabulary[0] !== UNKNOWN) {
      throw new FormatError(
        `${api}: json.vocabulary[0] must be '${UNKNOWN}', got ${describe(vocabulary[0])}.`,
      );
    }
    return new WordTokenizer(vocabulary, { lowercase: record.lowercase });
  }

  /** Number of ids, `<unk>` included. */
  get vocabSize(): number {
    return this.vocabulary.length;
  }

  /**
   * Splits `text` into words and punctuation and returns their ids; unknown words give 0.
   * @param text - any string
   * @returns one id in `[0, vocabSize)` per word or punctuation mark
   */
  encode(text: string): number[] {
    return splitWords(text, this.lowercase).map((word) => this.#ids.get(word) ?? this.unknownId);
  }

  /**
   * The words of `ids` joined by single spaces.
   * @param ids - integers in `[0, vocabSize)`
   * @returns the text; id 0 decodes to `'<unk>'`
   * @throws {ArgumentError} if an id is not an integer in `[0, vocabSize)` (names its position)
   */
  decode(ids: ArrayLike<number>): string {
    checkIds(ids, this.vocabSize, 'WordTokenizer.decode');
    return Array.from(ids, (id) => this.vocabulary[id]).join(' ');
  }

  /** The vocabulary as plain JSON for {@link tokenizerFromJSON}. */
  toJSON(): WordTokenizerJSON {
    return {
      kind: 'word',
      version: TOKENIZER_JSON_VERSION,
      lowercase: this.lowercase,
      vocabulary: [...this.vocabulary],
    };
  }
}

/**
 * The words and punctuation marks of `text`, in order, as {@link WordTokenizer} sees them.
 * @internal
 */
export function splitWords(text: string, lowercase: boolean): string[] {
  return (lowercase ? text.toLowerCase() : text).match(TOKEN_PATTERN) ?? [];
}
