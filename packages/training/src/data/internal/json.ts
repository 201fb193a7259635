// Reading untrusted tokenizer JSON: short descriptions of bad values for error messages, and the
// checks every saved vocabulary shares (version, kind, a list of distinct strings).
import { FormatError } from '@unroll/tensor';

/** The version written by every tokenizer's `toJSON`; bump it when the format changes. @internal */
export const TOKENIZER_JSON_VERSION = 1;

/** Cuts long text so an error message stays readable. @internal */
export function preview(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** A short, printable description of an untrusted value for error messages. @internal */
export function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'object' && value !== null) return 'an object';
  return preview(JSON.stringify(value));
}

/**
 * Checks that `json` is an object of the given `kind` and supported `version`, and returns it as
 * a record to read fields from.
 * @internal
 */
export function readTokenizerObject(
  json: unknown,
  kind: string,
  api: string,
): Record<string, unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new FormatError(`${api}: json must be an object, got ${describe(json)}.`);
  }
  const record = json as Record<string, unknown>;
  if (record.kind !== kind) {
    throw new FormatError(`${api}: json.kind must be '${kind}', got ${describe(record.kind)}.`);
  }
  if (record.version !== TOKENIZER_JSON_VERSION) {
    throw new FormatError(
      `${api}: json.version must be ${TOKENIZER_JSON_VERSION}, got ${describe(record.version)}. Hint: the tokenizer was saved by an incompatible version of @unroll/training.`,
    );
  }
  return record;
}

/**
 * Reads `json.vocabulary`: a non-empty array of distinct strings, each accepted by `isToken`.
 * @internal
 */
export function readVocabulary(
  record: Record<string, unknown>,
  api: string,
  isToken: (token: string) => boolean,
  expectation: string,
): string[] {
  const vocabulary = record.vocabulary;
  if (!Array.isArray(vocabulary) || vocabulary.length === 0) {
    throw new FormatError(
      `${api}: json.vocabulary must be a non-empty array of strings, got ${describe(vocabulary)}.`,
    );
  }
  const seen = new Set<string>();
  vocabulary.forEach((token: unknown, id) => {
    if (typeof token !== 'string' || !isToken(token)) {
      throw new FormatError(
        `${api}: json.vocabulary[${id}] must be ${expectation}, got ${describe(token)}.`,
      );
    }
    if (seen.has(token)) {
      throw new FormatError(
        `${api}: json.vocabulary must hold distinct tokens, got ${describe(token)} twice (again at index ${id}).`,
      );
    }
    seen.add(token);
  });
  return vocabulary as string[];
}
