import { fc, test } from '@fast-check/vitest';
import { ArgumentError, FormatError, tensor } from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import { normalize, parseCsvSeries, windowSeries } from './csv-series';

describe('parseCsvSeries', () => {
  const text = 'date,price,volume\n2024-01-01,10.5,100\n2024-01-02, -3e2 ,200\n';

  it('reads a column by header name or by index', () => {
    expect(parseCsvSeries(text, { column: 'price' })).toEqual([10.5, -300]);
    expect(parseCsvSeries(text, { column: 2 })).toEqual([100, 200]);
    expect(parseCsvSeries('1;2\n3;4', { column: 1, hasHeader: false, delimiter: ';' })).toEqual([
      2, 4,
    ]);
  });

  it('handles quotes, CRLF line ends, blank lines and a byte-order mark', () => {
    const csv = '\uFEFF"name, full",value\r\n"a ""b""",1.5\r\n\r\n"multi\nline",2\r\n';
    expect(parseCsvSeries(csv, { column: 'value' })).toEqual([1.5, 2]);
    expect(parseCsvSeries('"name, full",value\n" 7 ",1', { column: 'name, full' })).toEqual([7]);
  });

  it('names the line, the column and the value of a non-numeric cell', () => {
    const bad = 'date,price\n2024-01-01,10\n2024-01-02,n/a\n';
    expect(() => parseCsvSeries(bad, { column: 'price' })).toThrow(FormatError);
    expect(() => parseCsvSeries(bad, { column: 'price' })).toThrow(
      'parseCsvSeries: text line 3, column "price" must be a number, got "n/a".',
    );
    expect(() => parseCsvSeries('x\n1\n\n\n2x\n', { column: 0 })).toThrow(
      'parseCsvSeries: text line 5, column 0 must be a number, got "2x".',
    );
    expect(() => parseCsvSeries('x,y\n1,\n', { column: 'y' })).toThrow(
      'line 2, column "y" must be a number, got "".',
    );
  });

  it('counts lines inside quoted fields when naming a line', () => {
    const csv = 'note,value\n"two\nlines",1\nplain,oops\n';
    expect(() => parseCsvSeries(csv, { column: 'value' })).toThrow('text line 4, column "value"');
  });

  it('names a missing column and lists the header', () => {
    expect(() => parseCsvSeries(text, { column: 'close' })).toThrow(ArgumentError);
    expect(() => parseCsvSeries(text, { column: 'close' })).toThrow(
      'parseCsvSeries: options.column must name a header column ("date", "price", "volume"), got "close".',
    );
    expect(() => parseCsvSeries('a,b\n1,2\n3\n', { column: 1 })).toThrow(
      'parseCsvSeries: text line 3 must have a field for column 1 (index 1), got 1 field.',
    );
    expect(() => parseCsvSeries('1,2', { column: 'a', hasHeader: false })).toThrow(
      /must be an index when hasHeader is false/,
    );
  });

  it('rejects an unclosed quote and a bad delimiter', () => {
    expect(() => parseCsvSeries('v\n"1\n', { column: 0 })).toThrow(
      'text line 2 must close its quoted field',
    );
    expect(() => parseCsvSeries('v', { column: 0, delimiter: '::' })).toThrow(/options.delimiter/);
  });

  test.prop([fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 20 })], {
    seed: 71,
    numRuns: 50,
  })('reads back any numbers written as CSV (property)', (values) => {
    const csv = ['t,value', ...values.map((value, t) => `${t},${value}`)].join('\n');
    expect(parseCsvSeries(csv, { column: 'value' })).toEqual(values.map((value) => value + 0));
  });
});

describe('windowSeries', () => {
  it('cuts windows [count, W, 1] and the following H values [count, H]', () => {
    const { inputs, targets } = windowSeries([0, 1, 2, 3, 4, 5, 6], {
      window: 3,
      horizon: 2,
      stride: 2,
    });
    expect(inputs.shape).toEqual([2, 3, 1]); // ⌊(7 − 3 − 2) / 2⌋ + 1
    expect(inputs.dtype).toBe('float32');
    expect(inputs.toArray()).toEqual([
      [[0], [1], [2]],
      [[2], [3], [4]],
    ]);
    expect(targets.toArray()).toEqual([
      [3, 4],
      [5, 6],
    ]);
  });

  test.prop(
    [
      fc.integer({ min: 1, max: 5 }),
      fc.integer({ min: 1, max: 3 }),
      fc.integer({ min: 1, max: 3 }),
      fc.integer({ min: 0, max: 12 }),
    ],
    { seed: 72, numRuns: 50 },
  )('gives every window followed by its horizon (property)', (window, horizon, stride, extra) => {
    const values = Array.from({ length: window + horizon + extra }, (_, k) => k);
    const { inputs, targets } = windowSeries(values, { window, horizon, stride });
    const count = Math.floor(extra / stride) + 1;
    expect(inputs.shape).toEqual([count, window, 1]);
    expect(targets.shape).toEqual([count, horizon]);
    const x = inputs.data();
    const y = targets.data();
    for (let i = 0; i < count; i++) {
      expect(x[i * window]).toBe(i * stride);
      expect(y[i * horizon]).toBe(i * stride + window);
      expect(y[(i + 1) * horizon - 1]).toBe(i * stride + window + horizon - 1);
    }
  });

  it('says how many values are needed', () => {
    expect(() => windowSeries([1, 2, 3], { window: 3 })).toThrow(
      'windowSeries: values must hold at least window + horizon = 4 values, got 3.',
    );
    expect(() => windowSeries([1, 2, 3], { window: 0 })).toThrow(
      /options.window must be a positive integer/,
    );
  });
});

describe('normalize', () => {
  it('z-scores with the population std, and denormalize inverts it', () => {
    const { values, mean, std, denormalize } = normalize([10, 20, 30]);
    expect(mean).toBe(20);
    expect(std).toBeCloseTo(Math.sqrt(200 / 3), 12);
    expect(values).toBeAllClose([-Math.sqrt(1.5), 0, Math.sqrt(1.5)], { atol: 1e-12 });
    expect(denormalize(values)).toBeAllClose([10, 20, 30], { atol: 1e-12 });
    expect(denormalize(0)).toBe(20);
    expect(denormalize(tensor([[0], [1]]))).toBeAllClose([[20], [20 + std]], { atol: 1e-4 });
  });

  /** Series whose spread is zero or a normal number: subnormal spreads cannot be resolved. */
  const seriesArbitrary = fc
    .array(fc.double({ min: -1e300, max: 1e300, noNaN: true }), { minLength: 2, maxLength: 30 })
    .filter((values) => {
      const spread = Math.max(...values) - Math.min(...values);
      return spread === 0 || spread > 1e-290;
    });
  test.prop(
    [fc.oneof(seriesArbitrary, fc.array(fc.constant(0.1), { minLength: 1, maxLength: 9 }))],
    {
      seed: 73,
      numRuns: 50,
    },
  )(
    'gives mean 0 and std 1 (or all zeros for a constant series), and round-trips (property)',
    (series) => {
      const { values, denormalize } = normalize(series);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
      expect(Math.abs(mean)).toBeLessThan(1e-9);
      const constant = series.every((value) => value === series[0]);
      if (constant) expect(values.every((value) => value === 0)).toBe(true);
      else expect(variance).toBeCloseTo(1, 6);
      const scale = Math.max(...series.map(Math.abs));
      expect(denormalize(values).map((value) => value / scale)).toBeAllClose(
        series.map((value) => value / scale),
        { atol: 1e-12, rtol: 0 },
      );
    },
  );

  it('handles a constant series without dividing by zero', () => {
    const { values, std, denormalize } = normalize([4, 4, 4]);
    expect(values).toEqual([0, 0, 0]);
    expect(std).toBe(1);
    expect(denormalize(values)).toEqual([4, 4, 4]);
  });

  it('reuses given statistics, e.g. the training split’s', () => {
    expect(normalize([3, 5], { mean: 1, std: 2 }).values).toEqual([1, 2]);
    expect(() => normalize([1], { mean: 0, std: 0 })).toThrow(/std > 0/);
  });

  it('rejects an empty or non-finite series', () => {
    expect(() => normalize([])).toThrow(
      'normalize: values must hold at least one number, got none.',
    );
    expect(() => normalize([1, Number.NaN])).toThrow(
      'normalize: values[1] must be a finite number, got NaN.',
    );
  });
});
