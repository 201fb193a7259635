// Time series from CSV text: read one numeric column, cut it into (window → horizon) training
// pairs, and z-score it. Takes text, not paths, so it runs in browsers too.
import { ArgumentError, FormatError, tensor, Tensor } from '@unroll/tensor';

/** Options of {@link parseCsvSeries}. @category Data */
export interface ParseCsvSeriesOptions {
  /** The column to read: its header name, or its 0-based index. */
  column: string | number;
  /** Whether the first record is a header of column names (default true). */
  hasHeader?: boolean;
  /** The field separator, one character (default `','`). */
  delimiter?: string;
}

/** One record of a CSV text and the line it starts on (1-based). */
interface CsvRecord {
  fields: string[];
  line: number;
}

const NUMBER_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Reads one numeric column of CSV text (RFC 4180: quoted fields may hold delimiters, doubled
 * quotes and line breaks; `\n` and `\r\n` line ends; a leading byte-order mark is ignored). Blank
 * lines are skipped and cells are trimmed.
 * @param text - the CSV text (read a file with `@unroll/training/node`, or `await file.text()` in
 * a browser)
 * @param options - `column` (header name or 0-based index), `hasHeader` (default true) and
 * `delimiter` (default `','`)
 * @returns the column's values, one per data record, in order
 * @throws {ArgumentError} if `column` names no header column (the message lists them), is a name
 * without a header, or `delimiter` is not one character
 * @throws {FormatError} if a cell is empty or not a decimal number, or a record has too few fields;
 * the message names the line, the column and the bad value
 * @example
 * ```ts
 * const text = 'date,price\n2024-01-01,10.5\n2024-01-02,11\n';
 * parseCsvSeries(text, { column: 'price' }); // [10.5, 11]
 * ```
 * @category Data
 */
export function parseCsvSeries(text: string, options: ParseCsvSeriesOptions): number[] {
  const api = 'parseCsvSeries';
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new ArgumentError(
      `${api}: options.delimiter must be one character other than a quote or line break, got ${JSON.stringify(delimiter)}.`,
      { argument: 'options.delimiter' },
    );
  }
  const records = parseRecords(text, delimiter, api);
  const header =
    (options.hasHeader ?? true) ? (records.shift() ?? { fields: [], line: 1 }) : undefined;
  const index = resolveColumn(options.column, header, api);
  const label = typeof options.column === 'string' ? `"${options.column}"` : `${index}`;
  return records.map(({ fields, line }) => {
    const cell = fields[index];
    if (cell === undefined) {
      throw new FormatError(
        `${api}: text line ${line} must have a field for column ${label} (index ${index}), got ${fields.length} field${fields.length === 1 ? '' : 's'}.`,
      );
    }
    const trimmed = cell.trim();
    if (!NUMBER_PATTERN.test(trimmed)) {
      throw new FormatError(
        `${api}: text line ${line}, column ${label} must be a number, got ${JSON.stringify(cell)}.`,
      );
    }
    return Number(trimmed);
  });
}

function resolveColumn(
  column: string | number,
  header: CsvRecord | undefined,
  api: string,
): number {
  if (typeof column === 'number') {
    if (!Number.isInteger(column) || column < 0) {
      throw new ArgumentError(
        `${api}: options.column must be a name or an index ≥ 0, got ${column}.`,
        {
          argument: 'options.column',
        },
      );
    }
    return column;
  }
  if (header === undefined) {
    throw new ArgumentError(
      `${api}: options.column must be an index when hasHeader is false, got ${JSON.stringify(column)}.`,
      { argument: 'options.column' },
    );
  }
  const names = header.fields.map((name) => name.trim());
  const index = names.indexOf(column.trim());
  if (index < 0) {
    throw new ArgumentError(
      `${api}: options.column must name a header column (${names.length === 0 ? 'none: the text is empty' : names.map((name) => JSON.stringify(name)).join(', ')}), got ${JSON.stringify(column)}.`,
      { argument: 'options.column' },
    );
  }
  return index;
}

/** Splits CSV text into records, remembering the line each starts on; blank lines are skipped. */
function parseRecords(text: string, delimiter: string, api: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let recordLine = 1;
  let quoted = false;
  const endRecord = (): void => {
    fields.push(field);
    if (fields.length > 1 || (fields[0] ?? '').trim() !== '')
      records.push({ fields, line: recordLine });
    fields = [];
    field = '';
  };
  for (let k = 0; k < source.length; k++) {
    const character = source[k];
    if (quoted) {
      if (character === '"' && source[k + 1] === '"') {
        field += '"';
        k += 1;
      } else if (character === '"') quoted = false;
      else {
        if (character === '\n') line += 1;
        field += character;
      }
    } else if (character === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (character === delimiter) {
      fields.push(field);
      field = '';
    } else if (character === '\n' || character === '\r') {
      if (character === '\r' && source[k + 1] === '\n') k += 1;
      endRecord();
      line += 1;
      recordLine = line;
    } else field += character;
  }
  if (quoted) {
    throw new FormatError(
      `${api}: text line ${recordLine} must close its quoted field, got the end of the text.`,
    );
  }
  endRecord();
  return records;
}

/** Options of {@link windowSeries}. @category Data */
export interface WindowSeriesOptions {
  /** Input steps `W` per example. */
  window: number;
  /** Future steps `H` to predict after each window (default 1). */
  horizon?: number;
  /** Steps between the starts of consecutive windows (default 1). */
  stride?: number;
}

/** The examples of {@link windowSeries}. @category Data */
export interface WindowedSeries {
  /** float32 `[count, W, 1]`: each window, one feature per step. */
  inputs: Tensor;
  /** float32 `[count, H]`: the `H` values after each window. */
  targets: Tensor;
}

/**
 * Cuts a series into overlapping (window → horizon) examples for forecasting. Example `i` starts
 * at `s = i · stride`:
 * ```math
 * inputs[i] = values[s … s + W − 1],  targets[i] = values[s + W … s + W + H − 1],
 * count = ⌊(length − W − H) / stride⌋ + 1
 * ```
 * @param values - the series, e.g. from {@link parseCsvSeries} (normalize it first)
 * @param options - `window` (`W`), `horizon` (`H`, default 1) and `stride` (default 1), positive
 * integers
 * @returns `inputs` float32 `[count, W, 1]` and `targets` float32 `[count, H]`
 * @throws {ArgumentError} if an option is not a positive integer, or the series is shorter than
 * `W + H`
 * @example
 * ```ts
 * const { inputs, targets } = windowSeries([1, 2, 3, 4, 5], { window: 3 });
 * inputs.shape; // [2, 3, 1]: [1, 2, 3] and [2, 3, 4]
 * targets.toArray(); // [[4], [5]]
 * ```
 * @category Data
 */
export function windowSeries(
  values: ArrayLike<number>,
  options: WindowSeriesOptions,
): WindowedSeries {
  const api = 'windowSeries';
  const window = checkPositive(options.window, api, 'options.window');
  const horizon = checkPositive(options.horizon ?? 1, api, 'options.horizon');
  const stride = checkPositive(options.stride ?? 1, api, 'options.stride');
  if (values.length < window + horizon) {
    throw new ArgumentError(
      `${api}: values must hold at least window + horizon = ${window + horizon} values, got ${values.length}.`,
      { argument: 'values' },
    );
  }
  const count = Math.floor((values.length - window - horizon) / stride) + 1;
  const inputs = new Float32Array(count * window);
  const targets = new Float32Array(count * horizon);
  for (let i = 0; i < count; i++) {
    const start = i * stride;
    for (let t = 0; t < window; t++) inputs[i * window + t] = values[start + t] ?? NaN;
    for (let h = 0; h < horizon; h++) targets[i * horizon + h] = values[start + window + h] ?? NaN;
  }
  return {
    inputs: tensor(inputs).reshape([count, window, 1]),
    targets: tensor(targets).reshape([count, horizon]),
  };
}

/** Z-score statistics to reuse, e.g. the training set's on the validation set. @category Data */
export interface NormalizeStatistics {
  /** Subtracted from every value. */
  mean: number;
  /** Every value is divided by it; must be > 0. */
  std: number;
}

/** The result of {@link normalize}. @category Data */
export interface Normalized extends NormalizeStatistics {
  /** The normalized values `(x − mean) / std`. */
  values: number[];
  /** Maps normalized numbers (a model's predictions) back to the original scale: `x · std + mean`. */
  denormalize: {
    (x: number): number;
    (x: readonly number[]): number[];
    (x: Tensor): Tensor;
  };
}

/**
 * Z-scores a series: subtracts the mean and divides by the (population) standard deviation, so
 * the result has mean 0 and standard deviation 1. A constant series has std 0; it is divided by 1
 * instead, so its values become 0 and `denormalize` still restores them.
 * ```math
 * z = (x − μ) / σ,   μ = mean(x),   σ = sqrt(mean((x − μ)²))  (1 if that is 0)
 * ```
 * @param values - the series (finite numbers)
 * @param statistics - a `mean` and `std` to use instead of the series' own, e.g. the training
 * split's, so that validation data is scaled the same way
 * @returns the normalized `values`, the `mean` and `std` used, and `denormalize`, which accepts a
 * number, an array or a tensor
 * @throws {ArgumentError} if `values` is empty or holds a non-finite number, or `statistics.std`
 * is not positive
 * @example
 * ```ts
 * const { values, mean, std, denormalize } = normalize([10, 20, 30]);
 * // values ≈ [-1.2247, 0, 1.2247], mean 20, std ≈ 8.165
 * denormalize(0); // 20
 * ```
 * @see sklearn.preprocessing.StandardScaler
 * @category Data
 */
export function normalize(values: ArrayLike<number>, statistics?: NormalizeStatistics): Normalized {
  const api = 'normalize';
  const list = Array.from(values);
  if (list.length === 0) {
    throw new ArgumentError(`${api}: values must hold at least one number, got none.`, {
      argument: 'values',
    });
  }
  const bad = list.findIndex((value) => !Number.isFinite(value));
  if (bad >= 0) {
    throw new ArgumentError(`${api}: values[${bad}] must be a finite number, got ${list[bad]}.`, {
      argument: 'values',
    });
  }
  if (statistics !== undefined && !(statistics.std > 0 && Number.isFinite(statistics.mean))) {
    throw new ArgumentError(
      `${api}: statistics must have a finite mean and a std > 0, got mean ${statistics.mean} and std ${statistics.std}.`,
      { argument: 'statistics' },
    );
  }
  const { mean, std } = statistics ?? statisticsOf(list);
  function denormalize(x: number): number;
  function denormalize(x: readonly number[]): number[];
  function denormalize(x: Tensor): Tensor;
  function denormalize(x: number | readonly number[] | Tensor): number | number[] | Tensor {
    if (x instanceof Tensor) return x.mul(std).add(mean);
    if (typeof x === 'number') return x * std + mean;
    return x.map((value) => value * std + mean);
  }
  return { values: list.map((value) => (value - mean) / std), mean, std, denormalize };
}

/** Mean and population std, scaled so that neither huge nor tiny values overflow or underflow. */
function statisticsOf(list: readonly number[]): NormalizeStatistics {
  const first = list[0] ?? 0;
  // Exactly constant: say so exactly, rather than let the mean's rounding error become a
  // tiny std that turns every value into ±1.
  if (list.every((value) => value === first)) return { mean: first, std: 1 };
  const n = list.length;
  const largest = list.reduce((most, value) => Math.max(most, Math.abs(value)), 0);
  let mean = (largest * list.reduce((total, value) => total + value / largest, 0)) / n;
  mean += list.reduce((total, value) => total + (value - mean), 0) / n; // second-pass correction
  const spread = list.reduce((most, value) => Math.max(most, Math.abs(value - mean)), 0);
  const squares = list.reduce((total, value) => total + ((value - mean) / spread) ** 2, 0);
  return { mean, std: spread * Math.sqrt(squares / n) };
}

function checkPositive(value: number, api: string, argument: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new ArgumentError(
      `${api}: ${argument} must be a positive integer, got ${String(value)}.`,
      {
        argument,
      },
    );
  }
  return value;
}
