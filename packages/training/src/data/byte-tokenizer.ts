// A byte-level tokenizer: the UTF-8 bytes of the text, so any string encodes with a fixed
// vocabulary of 256 and nothing is ever unknown.
import { checkIds } from './internal/ids';
import { readTokenizerObject, TOKENIZER_JSON_VERSION } from './internal/json';
import type { Tokenizer } from './tokenizer';

/** A {@link ByteTokenizer} as plain JSON: it has no vocabulary to save. @category Data */
export interface ByteTokenizerJSON {
  /** Always `'byte'`. */
  kind: 'byte';
  /** Format version, currently 1. */
  version: 1;
}

const encoder = new TextEncoder();
// ignoreBOM keeps a leading U+FEFF in the text instead of silently dropping it, so that
// decode(encode(text)) === text for every well-formed string.
const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/**
 * Encodes text as its UTF-8 bytes: ids are byte values in `[0, 256)`, and a non-ASCII character
 * is 2 to 4 ids. Decoding is lenient: a byte sequence that is not valid UTF-8 (which a sampling
 * model can produce) decodes with U+FFFD replacement characters instead of throwing.
 *
 * Lone UTF-16 surrogates cannot be encoded in UTF-8; `encode` turns them into U+FFFD, as
 * `TextEncoder` does.
 * @example
 * ```ts
 * const tokenizer = new ByteTokenizer();
 * tokenizer.encode('é'); // [195, 169]
 * tokenizer.decode([104, 105]); // 'hi'
 * tokenizer.decode([195]); // '\uFFFD' (a truncated character)
 * ```
 * @category Data
 */
export class ByteTokenizer implements Tokenizer {
  /** Always `'byte'`. */
  readonly kind = 'byte' as const;
  /** Always 256, one id per byte value. */
  readonly vocabSize = 256;

  /**
   * Rebuilds a tokenizer from {@link ByteTokenizer.toJSON}'s output.
   * @param json - a {@link ByteTokenizerJSON} object
   * @returns a new byte tokenizer
   * @throws {FormatError} if `json` is not a valid {@link ByteTokenizerJSON}
   */
  static fromJSON(json: unknown): ByteTokenizer {
    readTokenizerObject(json, 'byte', 'ByteTokenizer.fromJSON');
    return new ByteTokenizer();
  }

  /**
   * The UTF-8 bytes of `text`.
   * @param text - any string
   * @returns byte values in `[0, 256)`
   */
  encode(text: string): number[] {
    return Array.from(encoder.encode(text));
  }

  /**
   * The text whose UTF-8 bytes are `ids`; invalid sequences become U+FFFD.
   * @param ids - integers in `[0, 256)`
   * @returns the decoded text
   * @throws {ArgumentError} if an id is not an integer in `[0, 256)` (names its position)
   */
  decode(ids: ArrayLike<number>): string {
    checkIds(ids, this.vocabSize, 'ByteTokenizer.decode');
    return decoder.decode(Uint8Array.from(ids));
  }

  /** The tokenizer as plain JSON for {@link tokenizerFromJSON}. */
  toJSON(): ByteTokenizerJSON {
    return { kind: 'byte', version: TOKENIZER_JSON_VERSION };
  }
}
