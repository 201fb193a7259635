// Validation helpers. `assert` takes a lazy error so hot paths never build message strings;
// `invariant` marks our own bugs with an `internal:` prefix.
import { UnrollError } from './errors/unroll-error';

/** Throws the error built by `makeError` when `condition` is false. @internal */
export function assert(condition: boolean, makeError: () => Error): asserts condition {
  if (!condition) throw makeError();
}

/** Throws an `internal:` error when an invariant of the library itself is broken. @internal */
export function invariant(condition: boolean, message: () => string): asserts condition {
  if (!condition) throw new UnrollError(`internal: ${message()}`);
}
