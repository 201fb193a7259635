// The golden case format (format 1, see cases/README.md): parsing with checks, so a broken
// file gives a clear message instead of a crash deep inside a layer.

/** One stored tensor: dtype, shape and row-major data. */
export interface GoldenTensor {
  dtype: 'float64' | 'int64';
  shape: number[];
  data: number[];
}

/** A parsed case. Unknown keys are ignored, as the format asks. */
export interface GoldenCase {
  name: string;
  kind: string;
  config: Record<string, unknown>;
  tolerance: { rtol: number; atol: number };
  checked: string[];
  tensors: Record<string, GoldenTensor>;
}

function fail(source: string, message: string): never {
  throw new Error(`${source}: ${message}`);
}

/** Parses and checks one case file's text. `source` names the file in errors. */
export function parseGoldenCase(text: string, source: string): GoldenCase {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    fail(source, `not valid JSON (${String(error)})`);
  }
  const parsed = value as Partial<GoldenCase> & { format?: unknown };
  if (typeof value !== 'object' || value === null) fail(source, 'the case must be a JSON object');
  if (parsed.format !== 1) fail(source, `format must be 1, got ${JSON.stringify(parsed.format)}`);
  if (typeof parsed.name !== 'string' || typeof parsed.kind !== 'string')
    fail(source, 'name and kind must be strings');
  const { tolerance, checked, tensors, config } = parsed;
  if (typeof tolerance?.rtol !== 'number' || typeof tolerance.atol !== 'number')
    fail(source, 'tolerance must hold numbers rtol and atol');
  if (!Array.isArray(checked) || !checked.every((name) => typeof name === 'string'))
    fail(source, 'checked must be a list of tensor names');
  if (typeof tensors !== 'object' || tensors === null) fail(source, 'tensors must be an object');
  if (typeof config !== 'object' || config === null) fail(source, 'config must be an object');
  for (const [name, t] of Object.entries(tensors)) {
    const size = Array.isArray(t.shape) ? t.shape.reduce((a, b) => a * b, 1) : -1;
    if (
      (t.dtype !== 'float64' && t.dtype !== 'int64') ||
      !Array.isArray(t.data) ||
      t.data.length !== size
    ) {
      fail(source, `tensor ${name} must have dtype float64 or int64 and data matching its shape`);
    }
  }
  for (const name of checked)
    if (!(name in tensors)) fail(source, `checked tensor ${name} is missing`);
  return parsed as GoldenCase;
}
