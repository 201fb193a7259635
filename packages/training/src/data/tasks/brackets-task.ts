// Balanced brackets: classify strings of '(' and ')' as balanced or not. Solving it needs a
// counter of the nesting depth, which a recurrent cell can learn to keep in its state.
import { defaultGenerator, tensor, type Generator, type Tensor } from '@unroll/tensor';
import { checkInteger } from './check';

/** Options of {@link bracketsTask}. @category Data */
export interface BracketsTaskOptions {
  /** Longest string `L_max`, at least 2; lengths vary from 1 (2 for balanced strings) to `L_max`. */
  maxLength: number;
  /** Number of strings `N`. */
  count: number;
  /** Source of randomness (default: the global generator). */
  generator?: Generator;
}

/** The tensors of {@link bracketsTask}. @category Data */
export interface BracketsTask {
  /** int32 `[N, L_max]`: 1 for `'('`, 2 for `')'`, 0 for padding after the end. */
  inputs: Tensor;
  /** int32 `[N]`: 1 if the string is balanced, else 0 (class indices for a 2-way classifier). */
  labels: Tensor;
  /** Length of each string before padding. */
  lengths: number[];
  /** The strings themselves, for inspection. */
  strings: string[];
  /** Number of distinct input ids: 3 (padding, `'('`, `')'`). */
  vocabSize: number;
}

/**
 * Generates bracket strings labelled balanced (1) or not (0), half of each on average. Balanced
 * strings have an even length up to `L_max`. Unbalanced ones are of two kinds in equal shares:
 * a shuffled balanced string (equal numbers of `'('` and `')'`, so counting them is not enough;
 * the depth must go negative somewhere) and a random string of any length.
 * ```math
 * balanced ⇔ depth_t = #'(' − #')' in s[0..t] ≥ 0 for every t, and depth_L = 0
 * ```
 * Baseline: the majority class gives about 50% accuracy; counting brackets without tracking
 * order stays below 100% because of the shuffled negatives.
 * @param options - `maxLength` (`L_max` ≥ 2), `count` (`N` ≥ 1) and an optional `generator`
 * @returns `inputs` int32 `[N, L_max]`, `labels` int32 `[N]`, `lengths`, `strings` and
 * `vocabSize` (3)
 * @throws {ArgumentError} if `maxLength` < 2 or `count` is not a positive integer
 * @example
 * ```ts
 * const { inputs, labels, lengths } = bracketsTask({ maxLength: 20, count: 1000 });
 * // inputs [1000, 20], labels [1000]; pack or mask with lengths
 * ```
 * @category Data
 */
export function bracketsTask(options: BracketsTaskOptions): BracketsTask {
  const api = 'bracketsTask';
  const maxLength = checkInteger(options.maxLength, 2, api, 'options.maxLength');
  const count = checkInteger(options.count, 1, api, 'options.count');
  const generator = options.generator ?? defaultGenerator;
  const strings: string[] = [];
  const labelValues = new Int32Array(count);
  for (let n = 0; n < count; n++) {
    const balanced = generator.nextFloat64() < 0.5;
    labelValues[n] = balanced ? 1 : 0;
    if (balanced) strings.push(balancedString(generator, maxLength));
    else if (generator.nextFloat64() < 0.5) strings.push(shuffledUnbalanced(generator, maxLength));
    else strings.push(randomUnbalanced(generator, maxLength));
  }
  const inputs = new Int32Array(count * maxLength);
  strings.forEach((text, n) => {
    for (let t = 0; t < text.length; t++) inputs[n * maxLength + t] = text[t] === '(' ? 1 : 2;
  });
  return {
    inputs: tensor(inputs).reshape([count, maxLength]),
    labels: tensor(labelValues),
    lengths: strings.map((text) => text.length),
    strings,
    vocabSize: 3,
  };
}

/** Whether every prefix has depth ≥ 0 and the whole string has depth 0. */
function isBalanced(text: string): boolean {
  let depth = 0;
  for (const character of text) {
    depth += character === '(' ? 1 : -1;
    if (depth < 0) return false;
  }
  return depth === 0;
}

/** A random balanced string of even length in [2, maxLength]: open while pairs remain, close after. */
function balancedString(generator: Generator, maxLength: number): string {
  const pairs = generator.nextInt(1, Math.floor(maxLength / 2) + 1);
  let open = pairs;
  let depth = 0;
  let text = '';
  while (open > 0 || depth > 0) {
    if (open > 0 && (depth === 0 || generator.nextFloat64() < 0.5)) {
      text += '(';
      open -= 1;
      depth += 1;
    } else {
      text += ')';
      depth -= 1;
    }
  }
  return text;
}

/** Equal numbers of '(' and ')' in an order that is not balanced. */
function shuffledUnbalanced(generator: Generator, maxLength: number): string {
  for (;;) {
    const characters = Array.from(balancedString(generator, maxLength));
    for (let k = characters.length - 1; k > 0; k--) {
      const j = generator.nextInt(0, k + 1);
      [characters[k], characters[j]] = [characters[j] ?? '(', characters[k] ?? ')'];
    }
    const text = characters.join('');
    // Retrying is cheap: a random order is balanced with probability 1/(pairs + 1) at most 1/2.
    if (!isBalanced(text)) return text;
  }
}

/** Uniform random brackets of random length in [1, maxLength], rejected if balanced. */
function randomUnbalanced(generator: Generator, maxLength: number): string {
  for (;;) {
    const length = generator.nextInt(1, maxLength + 1);
    let text = '';
    for (let t = 0; t < length; t++) text += generator.nextFloat64() < 0.5 ? '(' : ')';
    if (!isBalanced(text)) return text;
  }
}
