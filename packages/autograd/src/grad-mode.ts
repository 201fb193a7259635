// Whether operations are being recorded for backward. `noGrad` turns recording off for a
// block (inference, optimizer updates); the engine itself runs backward rules with it off.

let enabled = true;

/** True when operations on tensors that require grad are recorded. @category Autograd */
export function isGradEnabled(): boolean {
  return enabled;
}

/**
 * Runs `fn` with recording set to `value`, restoring the previous setting afterwards (also
 * when `fn` throws). Returns what `fn` returns.
 * @category Autograd
 */
export function withGradEnabled<T>(value: boolean, fn: () => T): T {
  const previous = enabled;
  enabled = value;
  try {
    return fn();
  } finally {
    enabled = previous;
  }
}

/**
 * Runs `fn` without recording operations for autograd: results don't require grad, and no
 * graph is kept. Use it for inference and for parameter updates.
 * @example
 * ```ts
 * const prediction = noGrad(() => model.forward(x));
 * ```
 * @see torch.no_grad
 * @category Autograd
 */
export function noGrad<T>(fn: () => T): T {
  return withGradEnabled(false, fn);
}

/** Runs `fn` with recording on, even inside {@link noGrad}. @see torch.enable_grad @category Autograd */
export function enableGrad<T>(fn: () => T): T {
  return withGradEnabled(true, fn);
}
