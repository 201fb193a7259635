// Dropout: during training, zero each element with probability p and scale the rest by
// 1 / (1 − p), so the expected value is unchanged; in evaluation, the identity.
import { Module } from '@unroll/cells';
import { ArgumentError, mul, rand, where, less, type Generator, type Tensor } from '@unroll/tensor';

/** Options of {@link dropout} and {@link Dropout}. @category Layers */
export interface DropoutOptions {
  /** Source of the random mask (default: the global generator). */
  generator?: Generator;
}

function checkProbability(api: string, p: number): void {
  if (typeof p !== 'number' || !(p >= 0 && p < 1)) {
    throw new ArgumentError(`${api}: p must be a number in [0, 1), got ${String(p)}.`, {
      argument: 'p',
    });
  }
}

/**
 * Inverted dropout, always active (the {@link Dropout} module switches it with train/eval).
 * ```math
 * y = x ⊙ m / (1 − p),  m_i ~ Bernoulli(1 − p)
 * ```
 * @see torch.nn.functional.dropout
 * @category Layers
 */
export function dropout(x: Tensor, p: number, options: DropoutOptions = {}): Tensor {
  checkProbability('dropout', p);
  if (p === 0) return x;
  const keep = less(rand(x.shape, { dtype: x.dtype, generator: options.generator }), 1 - p);
  return mul(where(keep, x, 0), 1 / (1 - p));
}

/**
 * Dropout as a module: active in training mode, the identity after `eval()`.
 * @example
 * ```ts
 * const drop = new Dropout(0.2);
 * drop.forward(x);        // training: elements zeroed with probability 0.2
 * drop.eval().forward(x); // x
 * ```
 * @see torch.nn.Dropout
 * @category Layers
 */
export class Dropout extends Module {
  /** Probability of zeroing an element. */
  readonly p: number;
  readonly #generator: Generator | undefined;

  /** @param p - probability of zeroing an element, in [0, 1) */
  constructor(p = 0.5, options: DropoutOptions = {}) {
    super();
    checkProbability('Dropout', p);
    this.p = p;
    this.#generator = options.generator;
  }

  /** Applies dropout in training mode; returns `x` unchanged in evaluation mode. */
  forward(x: Tensor): Tensor {
    return this.training ? dropout(x, this.p, { generator: this.#generator }) : x;
  }

  protected override extraRepr(): string {
    return `p=${this.p}`;
  }
}
