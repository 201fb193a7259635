// Printing tensors the way PyTorch does: aligned columns, 4 decimals (or scientific notation
// when magnitudes call for it), integers shown as `1.`, and `...` for large tensors.
import type { DType, TypedArray } from './dtype';
import type { Shape } from './shape';

const SUMMARIZE_ABOVE = 1000;
const EDGE_ITEMS = 3;

function numberFormatter(values: readonly number[], dtype: DType): (value: number) => string {
  if (dtype === 'int32') return (value) => String(value);
  const finite = values.filter(Number.isFinite);
  const magnitudes = finite.map(Math.abs).filter((value) => value > 0);
  const integral = finite.every(Number.isInteger);
  const largest = magnitudes.length > 0 ? Math.max(...magnitudes) : 0;
  const smallest = magnitudes.length > 0 ? Math.min(...magnitudes) : 0;
  const special = (value: number): string | undefined =>
    Number.isNaN(value)
      ? 'nan'
      : value === Infinity
        ? 'inf'
        : value === -Infinity
          ? '-inf'
          : undefined;
  // PyTorch leaves integer mode for scientific notation when magnitudes span over 1000×.
  const wideRange = magnitudes.length > 0 && largest / smallest > 1000;
  if (integral && largest < 1e8 && !wideRange) {
    return (value) => special(value) ?? `${value.toFixed(0)}.`;
  }
  const scientific =
    magnitudes.length > 0 && (largest / smallest > 1000 || largest >= 1e8 || smallest < 1e-4);
  if (scientific) {
    return (value) => special(value) ?? value.toExponential(4).replace(/e([+-])(\d)$/, 'e$10$2');
  }
  return (value) => special(value) ?? value.toFixed(4);
}

/** Indices along one axis to print: all of them, or the first and last few around a `...`. */
function shownIndices(length: number, summarize: boolean): (number | null)[] {
  if (!summarize || length <= 2 * EDGE_ITEMS) return Array.from({ length }, (_, k) => k);
  const head = Array.from({ length: EDGE_ITEMS }, (_, k) => k);
  const tail = Array.from({ length: EDGE_ITEMS }, (_, k) => length - EDGE_ITEMS + k);
  return [...head, null, ...tail];
}

/** Formats values with a shape as PyTorch's `repr` does. @internal */
export function formatTensor(
  values: TypedArray,
  shape: Shape,
  dtype: DType,
  requiresGrad: boolean,
): string {
  const summarize = values.length > SUMMARIZE_ABOVE;
  const strides: number[] = [];
  let stride = 1;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    strides[axis] = stride;
    stride *= shape[axis] ?? 1;
  }
  const shown: number[] = [];
  const collect = (axis: number, offset: number): void => {
    if (axis === shape.length) {
      shown.push(values[offset] ?? 0);
      return;
    }
    for (const k of shownIndices(shape[axis] ?? 0, summarize)) {
      if (k !== null) collect(axis + 1, offset + k * (strides[axis] ?? 0));
    }
  };
  collect(0, 0);
  const format = numberFormatter(shown, dtype);
  // Like PyTorch, float columns are as wide as the widest non-zero finite value: nan, inf and
  // zeros don't widen them.
  const measured =
    dtype === 'int32' ? shown : shown.filter((value) => Number.isFinite(value) && value !== 0);
  const width = Math.max(0, ...measured.map((value) => format(value).length));
  const prefix = 'tensor(';
  const render = (axis: number, offset: number, indent: number): string => {
    if (axis === shape.length) return format(values[offset] ?? 0).padStart(width);
    // PyTorch marks a skipped run of numbers ' ...' (two spaces after the comma), of rows '...'.
    const skipped = axis === shape.length - 1 ? ' ...' : '...';
    const parts = shownIndices(shape[axis] ?? 0, summarize).map((k) =>
      k === null ? skipped : render(axis + 1, offset + k * (strides[axis] ?? 0), indent + 1),
    );
    if (axis === shape.length - 1) return `[${parts.join(', ')}]`;
    const separator = `,${'\n'.repeat(shape.length - axis - 1)}${' '.repeat(indent + 1)}`;
    return `[${parts.join(separator)}]`;
  };
  const body = shape.length === 0 ? format(values[0] ?? 0) : render(0, 0, prefix.length);
  const suffixes: string[] = [];
  if (dtype !== 'float32') suffixes.push(`dtype=${dtype}`);
  if (requiresGrad) suffixes.push('requiresGrad=true');
  if (values.length === 0) suffixes.unshift(`size=[${shape.join(', ')}]`);
  return `${prefix}${body}${suffixes.map((s) => `, ${s}`).join('')})`;
}
