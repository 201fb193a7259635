// Addition as sequence-to-sequence (Zaremba & Sutskever 2014): read "123+45", write "168". An
// encoder reads the problem and a decoder writes the answer one character at a time.
import { defaultGenerator, tensor, type Generator, type Tensor } from '@unroll/tensor';
import { CharTokenizer } from '../char-tokenizer';
import { checkInteger } from './check';

/** Options of {@link additionTask}. @category Data */
export interface AdditionTaskOptions {
  /** Most digits per operand, in [1, 15]; each operand has 1 to `maxDigits` digits. */
  maxDigits: number;
  /** Number of problems `N`. */
  count: number;
  /** Source of randomness (default: the global generator). */
  generator?: Generator;
}

/** The tensors, strings and tokenizer of {@link additionTask}. @category Data */
export interface AdditionTask {
  /** int32 `[N, 2·maxDigits + 1]`: the problem (`"123+45"`), padded with 0 at the end. */
  encoderInputs: Tensor;
  /** Length of each problem before padding. */
  encoderLengths: number[];
  /** int32 `[N, maxDigits + 2]`: `'='` then the answer, padded (teacher forcing). */
  decoderInputs: Tensor;
  /** int32 `[N, maxDigits + 2]`: the answer, then padding, which also marks its end. */
  decoderTargets: Tensor;
  /** The problems, like `"123+45"`. */
  problems: string[];
  /** The answers, like `"168"`. */
  answers: string[];
  /** Character tokenizer over `"0123456789+="`; its id 0 (a space) is the padding. */
  tokenizer: CharTokenizer;
  /** Id of the padding, 0. */
  padId: number;
  /** Id of `'='`, the decoder's start symbol. */
  startId: number;
}

/**
 * Generates addition problems as strings and as padded token tensors. Each operand first draws
 * its number of digits uniformly from 1 to `maxDigits`, then a number with that many digits (no
 * leading zeros), so short and long operands are equally common.
 *
 * The tokenizer is a {@link CharTokenizer} over `"0123456789+="` whose id-0 character (normally
 * the unknown character) is a space, used as padding: `tokenizer.decode(row).trimEnd()` reads a
 * padded row back. The decoder starts from `'='`; the first padding after the answer is its end
 * marker, so a model learns when to stop.
 * ```math
 * problem = a + "+" + b,   answer = a + b,   decoderInputs[t] = t = 0 ? '=' : decoderTargets[t − 1]
 * ```
 * Baseline: an answer that ignores the problem is exactly right at most about 10% of the time
 * (for `maxDigits = 1` the most frequent sum, 9, occurs 10% of the time), and far less for
 * longer operands.
 * @param options - `maxDigits` in [1, 15], `count` (`N` ≥ 1) and an optional `generator`
 * @returns the problems and answers as strings and tensors (see {@link AdditionTask})
 * @throws {ArgumentError} if `maxDigits` is outside [1, 15] or `count` is not a positive integer
 * @example
 * ```ts
 * const task = additionTask({ maxDigits: 3, count: 1000, generator: new Generator(0) });
 * task.problems[0]; // e.g. '123+45'; task.answers[0] is then '168'
 * task.tokenizer.decode(task.decoderTargets.data().subarray(0, 5)).trimEnd(); // task.answers[0]
 * ```
 * @category Data
 */
export function additionTask(options: AdditionTaskOptions): AdditionTask {
  const api = 'additionTask';
  // 15 digits keeps both operands and their sum exact in a double.
  const maxDigits = checkInteger(options.maxDigits, 1, api, 'options.maxDigits', 15);
  const count = checkInteger(options.count, 1, api, 'options.count');
  const generator = options.generator ?? defaultGenerator;
  const tokenizer = CharTokenizer.fromText('0123456789+=', { unknown: ' ' });
  const problems: string[] = [];
  const answers: string[] = [];
  for (let n = 0; n < count; n++) {
    const a = randomOperand(generator, maxDigits);
    const b = randomOperand(generator, maxDigits);
    problems.push(`${a}+${b}`);
    answers.push(String(a + b));
  }
  const problemLength = 2 * maxDigits + 1;
  const answerLength = maxDigits + 2;
  const startId = tokenizer.encode('=')[0] ?? 0;
  const encoderInputs = new Int32Array(count * problemLength);
  const decoderInputs = new Int32Array(count * answerLength);
  const decoderTargets = new Int32Array(count * answerLength);
  for (let n = 0; n < count; n++) {
    encoderInputs.set(tokenizer.encode(problems[n] ?? ''), n * problemLength);
    const answer = tokenizer.encode(answers[n] ?? '');
    decoderTargets.set(answer, n * answerLength);
    decoderInputs[n * answerLength] = startId;
    decoderInputs.set(answer, n * answerLength + 1);
  }
  return {
    encoderInputs: tensor(encoderInputs).reshape([count, problemLength]),
    encoderLengths: problems.map((problem) => problem.length),
    decoderInputs: tensor(decoderInputs).reshape([count, answerLength]),
    decoderTargets: tensor(decoderTargets).reshape([count, answerLength]),
    problems,
    answers,
    tokenizer,
    padId: tokenizer.unknownId,
    startId,
  };
}

/** A number with a uniformly drawn count of 1 to `maxDigits` digits and no leading zero. */
function randomOperand(generator: Generator, maxDigits: number): number {
  const digits = generator.nextInt(1, maxDigits + 1);
  const low = digits === 1 ? 0 : 10 ** (digits - 1);
  const range = 10 ** digits - low; // 10, or 9·10^(digits − 1)
  if (range <= 4294967296) return low + generator.nextInt(0, range);
  // nextInt draws from at most 2³² values. Beyond that (10 digits or more) the range is a
  // multiple of 10⁶, so two draws combine into an exactly uniform value.
  return low + generator.nextInt(0, range / 1e6) * 1e6 + generator.nextInt(0, 1e6);
}
