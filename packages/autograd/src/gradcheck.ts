// gradcheck: compares the gradients autograd computes with central finite differences in
// float64, PyTorch's way. Outputs are contracted with a fixed random, non-uniform upstream
// gradient so that mixed-up indices cannot cancel out.
import {
  Generator,
  Tensor,
  cast,
  formatShape,
  isFloatDType,
  mul,
  sum,
  tensor,
  uniform,
} from '@unroll/tensor';
import { noGrad } from './grad-mode';
// Loading the engine makes backward() work for whoever uses this module.
import './engine';

/** Options of {@link gradcheck}. @category Autograd */
export interface GradcheckOptions {
  /** Finite-difference step (default 1e-6). */
  eps?: number;
  /** Absolute tolerance (default 1e-5). */
  atol?: number;
  /** Relative tolerance (default 1e-3). */
  rtol?: number;
  /** Names of the inputs for the report (default `input 0`, `input 1`, …). */
  names?: readonly string[];
  /**
   * Check one random direction per input instead of every entry (PyTorch's fast mode,
   * vᵀJu): far cheaper for large inputs, at the cost of a less precise report.
   */
  fast?: boolean;
  /** Seed of the upstream gradient and fast-mode directions (default 0). */
  seed?: number;
}

/** The worst disagreement found by {@link gradcheck}. @category Autograd */
export interface GradcheckEntry {
  /** The input's name. */
  input: string;
  /** The entry's position in that input (empty in fast mode). */
  index: number[];
  /** The central finite difference. */
  numeric: number;
  /** The gradient backward() computed. */
  analytic: number;
}

/** What {@link gradcheck} found. @category Autograd */
export interface GradcheckReport {
  /** True when every checked entry is within `atol + rtol·|numeric|`. */
  passed: boolean;
  /** One line: what was checked, and the worst entry. */
  message: string;
  /** The entry that exceeded the tolerance most (or came closest to it). */
  worst: GradcheckEntry | null;
}

function unravel(flat: number, shape: readonly number[]): number[] {
  const position: number[] = [];
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    const length = shape[axis] ?? 1;
    position.unshift(flat % length);
    flat = Math.floor(flat / length);
  }
  return position;
}

/**
 * Checks `fn`'s gradients against central finite differences in float64. Float inputs are
 * copied to float64 leaves that require grad; other inputs (int32 indices) pass unchanged.
 * The outputs are reduced to `L = Σ_k sum(output_k · w_k)` with fixed random weights `w_k`,
 * and for every entry `x_i` of every float input, `∂L/∂x_i` from `backward()` is compared with
 * `(L(x_i + eps) − L(x_i − eps)) / (2·eps)`.
 * @param fn - the function to check; returns one tensor or several
 * @param inputs - its arguments
 * @returns a report: `passed`, a message naming the worst entry, and that entry
 * @example
 * ```ts
 * const report = gradcheck((a, b) => a.mul(b).tanh(), [randn([2, 3]), randn([3])]);
 * report.passed; // true
 * ```
 * @see torch.autograd.gradcheck
 * @category Autograd
 */
export function gradcheck(
  fn: (...inputs: Tensor[]) => Tensor | readonly Tensor[],
  inputs: readonly Tensor[],
  options: GradcheckOptions = {},
): GradcheckReport {
  const { eps = 1e-6, atol = 1e-5, rtol = 1e-3, fast = false, seed = 0 } = options;
  const names = inputs.map((_, k) => options.names?.[k] ?? `input ${k}`);
  const baseValues = inputs.map((input) =>
    isFloatDType(input.dtype) ? Float64Array.from(input.data()) : null,
  );
  if (baseValues.every((values) => values === null)) {
    return { passed: false, message: 'failed: nothing to check (no float inputs)', worst: null };
  }
  const generator = new Generator(seed);
  let weights: Tensor[] | undefined;

  const build = (values: readonly (Float64Array | null)[], requiresGrad: boolean): Tensor[] =>
    inputs.map((input, k) => {
      const own = values[k];
      if (own === null || own === undefined) return input;
      const leaf = tensor(own, { dtype: 'float64' }).reshape(input.shape).detach();
      leaf.requiresGrad = requiresGrad;
      return leaf;
    });
  const contract = (outputs: Tensor | readonly Tensor[]): Tensor => {
    const list = outputs instanceof Tensor ? [outputs] : [...outputs];
    weights ??= list.map((output) =>
      uniform(output.shape, 0.1, 1.1, { dtype: 'float64', generator }),
    );
    return list
      .map((output, k) => sum(mul(cast(output, 'float64'), weights?.[k] as Tensor)))
      .reduce((total, term) => total.add(term));
  };
  const evaluate = (values: readonly (Float64Array | null)[]): number =>
    noGrad(() => contract(fn(...build(values, false)))).item();

  const leaves = build(baseValues, true);
  contract(fn(...leaves)).backward();
  const analytic = leaves.map((leaf, k) =>
    baseValues[k] === null
      ? null
      : Float64Array.from(leaf.grad?.data() ?? new Float64Array(leaf.size)),
  );

  let worst: GradcheckEntry | null = null;
  let worstExcess = -Infinity;
  let checked = 0;
  const consider = (entry: GradcheckEntry): void => {
    checked++;
    const excess =
      Math.abs(entry.analytic - entry.numeric) - (atol + rtol * Math.abs(entry.numeric));
    if (excess > worstExcess || Number.isNaN(excess)) {
      worstExcess = Number.isNaN(excess) ? Infinity : excess;
      worst = entry;
    }
  };

  baseValues.forEach((base, k) => {
    const gradient = analytic[k];
    if (base === null || gradient === null || gradient === undefined) return;
    const at = (delta: Float64Array): number =>
      evaluate(baseValues.map((v, j) => (j === k ? delta : v)));
    if (fast) {
      const direction = Float64Array.from(
        { length: base.length },
        () => generator.nextFloat64() * 2 - 1,
      );
      const shifted = (sign: number): Float64Array =>
        base.map((v, i) => v + sign * eps * (direction[i] ?? 0));
      const numeric = (at(shifted(1)) - at(shifted(-1))) / (2 * eps);
      const projected = gradient.reduce((total, g, i) => total + g * (direction[i] ?? 0), 0);
      consider({ input: names[k] ?? '', index: [], numeric, analytic: projected });
      return;
    }
    for (let i = 0; i < base.length; i++) {
      const plus = Float64Array.from(base);
      const minus = Float64Array.from(base);
      plus[i] = (plus[i] ?? 0) + eps;
      minus[i] = (minus[i] ?? 0) - eps;
      const numeric = (at(plus) - at(minus)) / (2 * eps);
      consider({
        input: names[k] ?? '',
        index: unravel(i, inputs[k]?.shape ?? []),
        numeric,
        analytic: gradient[i] ?? 0,
      });
    }
  });

  const passed = checked > 0 && worstExcess <= 0;
  const found = worst as GradcheckEntry | null;
  const where =
    found === null
      ? 'nothing to check'
      : `${found.input}${fast ? ' (direction)' : ` at ${formatShape(found.index)}`}: numeric ${found.numeric}, analytic ${found.analytic}`;
  return {
    passed,
    message: `${passed ? 'passed' : 'failed'} over ${checked} checks (atol ${atol}, rtol ${rtol}); worst ${where}`,
    worst: found,
  };
}
