// Checks on token ids handed back to a tokenizer's `decode`: integers inside the vocabulary.
import { ArgumentError } from '@unroll/tensor';

/**
 * Throws unless every id is an integer in `[0, vocabSize)`; names the first bad position.
 * @internal
 */
export function checkIds(ids: ArrayLike<number>, vocabSize: number, api: string): void {
  for (let position = 0; position < ids.length; position++) {
    const id = ids[position];
    if (!Number.isInteger(id) || (id as number) < 0 || (id as number) >= vocabSize) {
      throw new ArgumentError(
        `${api}: ids[${position}] must be an integer in [0, ${vocabSize}), got ${String(id)}.`,
        { argument: 'ids' },
      );
    }
  }
}
