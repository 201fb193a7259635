import { testRandom } from '@unroll/test-utils';
import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  FormatError,
  MAX_HEADER_BYTES,
  readSafetensors,
  tensor,
  writeSafetensors,
  zeros,
  type Tensor,
} from '../index';

/**
 * A safetensors file from a header (an object, raw text or raw bytes) and the data bytes;
 * `length` overrides the header length written in the first 8 bytes.
 */
function buildFile(
  header: unknown,
  data: Uint8Array = new Uint8Array(0),
  length?: number,
): Uint8Array {
  const json =
    header instanceof Uint8Array
      ? header
      : new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(length ?? json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

/** The header length and parsed JSON header of a file. */
function headerOf(bytes: Uint8Array): { length: number; text: string } {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return { length, text: new TextDecoder().decode(bytes.subarray(8, 8 + length)) };
}

function expectSame(actual: Tensor | undefined, expected: Tensor): void {
  expect(actual?.dtype).toBe(expected.dtype);
  expect(actual?.shape).toEqual(expected.shape);
  expect(actual?.data()).toEqual(expected.data());
}

describe('round trip', () => {
  const random = testRandom(31);
  const tensors: Record<string, Tensor> = {
    weight: tensor(random.array(6)).reshape([2, 3]),
    bias: tensor(new Float64Array(random.array(3))),
    ids: tensor(new Int32Array([-7, 0, 2147483647, -2147483648])),
    step: tensor(5, { dtype: 'int32' }),
    scale: tensor(0.1, { dtype: 'float64' }),
    empty: zeros([0]),
    emptyRows: zeros([2, 0], { dtype: 'float64' }),
  };

  it('keeps every dtype, shape and value, and the metadata', () => {
    const metadata = { format: 'pt', note: 'ünïcode ✓' };
    const { tensors: loaded, metadata: readBack } = readSafetensors(
      writeSafetensors(tensors, metadata),
    );
    expect([...loaded.keys()].sort()).toEqual(Object.keys(tensors).sort());
    for (const [name, t] of Object.entries(tensors)) expectSame(loaded.get(name), t);
    expect(readBack).toEqual(metadata);
  });

  it('accepts a Map and writes no __metadata__ when there is none', () => {
    const bytes = writeSafetensors(new Map([['x', tensor([1, 2])]]));
    expect(headerOf(bytes).text).not.toContain('__metadata__');
    const { tensors: loaded, metadata } = readSafetensors(bytes);
    expectSame(loaded.get('x'), tensor([1, 2]));
    expect(metadata).toEqual({});
  });

  it('pads the header with spaces to a multiple of 8 and lays tensors out in name order', () => {
    const bytes = writeSafetensors({ b: tensor([1]), a: tensor([1, 2], { dtype: 'float64' }) });
    const { length, text } = headerOf(bytes);
    expect(length % 8).toBe(0);
    expect(text).toMatch(/\} *$/);
    const header = JSON.parse(text) as Record<string, { data_offsets: number[]; dtype: string }>;
    expect(header.a).toEqual({ dtype: 'F64', shape: [2], data_offsets: [0, 16] });
    expect(header.b).toEqual({ dtype: 'F32', shape: [1], data_offsets: [16, 20] });
    expect(bytes.length).toBe(8 + length + 20);
  });

  it('reads a file that starts inside a larger buffer', () => {
    const bytes = writeSafetensors({ x: tensor([1.5, -2]) });
    const padded = new Uint8Array(bytes.length + 3);
    padded.set(bytes, 3);
    expectSame(readSafetensors(padded.subarray(3)).tensors.get('x'), tensor([1.5, -2]));
  });

  it('keeps a tensor named __proto__', () => {
    const bytes = writeSafetensors(new Map([['__proto__', tensor([3])]]));
    expectSame(readSafetensors(bytes).tensors.get('__proto__'), tensor([3]));
  });
});

describe('reading hand-built files', () => {
  it('decodes little-endian F32 data', () => {
    const data = new Uint8Array(8);
    const view = new DataView(data.buffer);
    view.setFloat32(0, 1.5, true);
    view.setFloat32(4, -0.25, true);
    const file = buildFile({ x: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, data);
    expect(readSafetensors(file).tensors.get('x')?.toArray()).toEqual([1.5, -0.25]);
  });

  it('loads I64 tensors as int32 and rejects values outside int32', () => {
    const data = new Uint8Array(24);
    const view = new DataView(data.buffer);
    [1n, -2n, 2147483647n].forEach((v, k) => view.setBigInt64(8 * k, v, true));
    const header = { ids: { dtype: 'I64', shape: [3], data_offsets: [0, 24] } };
    const ids = readSafetensors(buildFile(header, data)).tensors.get('ids');
    expect([ids?.dtype, ids?.toArray()]).toEqual(['int32', [1, -2, 2147483647]]);
    view.setBigInt64(8, 2147483648n, true);
    expect(() => readSafetensors(buildFile(header, data))).toThrow(
      "readSafetensors: tensor 'ids' (I64) holds 2147483648, outside the int32 range",
    );
  });

  it('accepts an empty file with an empty header', () => {
    expect(readSafetensors(buildFile({})).tensors.size).toBe(0);
  });
});

describe('malformed files', () => {
  const f32 = (begin: number, end: number, shape = [(end - begin) / 4]) => ({
    dtype: 'F32',
    shape,
    data_offsets: [begin, end],
  });
  const bytes = (n: number) => new Uint8Array(n);

  const cases: [string, Uint8Array, string][] = [
    [
      'shorter than 8 bytes',
      bytes(5),
      'the file must be at least 8 bytes (the header length), got 5 bytes',
    ],
    [
      'header length past the end',
      buildFile('{}', bytes(0), 100),
      'the header length 100 runs past the end of the file (10 bytes)',
    ],
    [
      'header length over 100 MB',
      buildFile('{}', bytes(6), 200_000_000),
      `the header length must be at most ${MAX_HEADER_BYTES} bytes, got 200000000`,
    ],
    ['bad JSON', buildFile('{"x": '), 'the header must be UTF-8 JSON'],
    [
      'invalid UTF-8',
      buildFile(new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d])),
      'the header must be UTF-8 JSON',
    ],
    ['header an array', buildFile('[]'), 'the header must be a JSON object, got an array'],
    ['header a string', buildFile('"x"'), 'the header must be a JSON object, got string'],
    ['entry not an object', buildFile({ x: 5 }), "tensor 'x' must be described by an object"],
    [
      'dtype F16',
      buildFile({ x: { ...f32(0, 2), dtype: 'F16' } }, bytes(2)),
      `tensor 'x' has dtype "F16"; expected one of F32, F64, I32, I64`,
    ],
    ['dtype BOOL', buildFile({ x: { ...f32(0, 1), dtype: 'BOOL' } }, bytes(1)), 'has dtype "BOOL"'],
    [
      'dtype from Object.prototype',
      buildFile({ x: { ...f32(0, 4), dtype: 'constructor' } }, bytes(4)),
      'has dtype "constructor"',
    ],
    [
      'negative shape',
      buildFile({ x: f32(0, 4, [-1]) }, bytes(4)),
      "tensor 'x' must have a shape of non-negative integers, got [-1]",
    ],
    ['fractional shape', buildFile({ x: f32(0, 4, [0.5]) }, bytes(4)), 'got [0.5]'],
    ['shape not an array', buildFile({ x: { ...f32(0, 4), shape: '1' } }, bytes(4)), 'got "1"'],
    [
      'reversed offsets',
      buildFile({ x: f32(8, 0, [2]) }, bytes(8)),
      'data_offsets [begin, end] with 0 ≤ begin ≤ end, got [8,0]',
    ],
    [
      'offsets out of range',
      buildFile({ x: f32(0, 16) }, bytes(8)),
      "tensor 'x' has data_offsets [0, 16] past the end of the data (8 bytes)",
    ],
    [
      'offsets not matching the shape',
      buildFile({ x: f32(0, 4, [2]) }, bytes(4)),
      "tensor 'x' of shape [2] and dtype F32 needs 8 bytes, but its data_offsets [0, 4] span 4",
    ],
    [
      'overlapping tensors',
      buildFile({ a: f32(0, 8), b: f32(4, 12) }, bytes(12)),
      "tensor 'b' overlaps another tensor (data_offsets [4, 12])",
    ],
    [
      'a gap',
      buildFile({ a: f32(0, 4), b: f32(8, 12) }, bytes(12)),
      "the data has a gap before tensor 'b' (bytes 4 to 8 belong to no tensor)",
    ],
    [
      'trailing bytes',
      buildFile({ a: f32(0, 4) }, bytes(8)),
      'the data has 4 trailing bytes that belong to no tensor',
    ],
    [
      'non-string metadata',
      buildFile({ __metadata__: { epochs: 3 } }),
      '__metadata__.epochs must be a string, got number',
    ],
    [
      'metadata not an object',
      buildFile({ __metadata__: ['a'] }),
      '__metadata__ must be an object of strings',
    ],
  ];

  it.each(cases)('rejects %s with a FormatError saying what is wrong', (_, file, message) => {
    let error: unknown;
    try {
      readSafetensors(file);
    } catch (caught) {
      error = caught;
    }
    expect(FormatError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/^readSafetensors: /);
    expect((error as Error).message).toContain(message);
  });

  it('keeps the JSON error as the cause', () => {
    let error: unknown;
    try {
      readSafetensors(buildFile('{'));
    } catch (caught) {
      error = caught;
    }
    expect((error as FormatError).cause).toBeInstanceOf(SyntaxError);
  });

  it('rejects input that is not a Uint8Array', () => {
    expect(() => readSafetensors([1, 2, 3] as unknown as Uint8Array)).toThrow(ArgumentError);
  });
});

describe('writeSafetensors errors', () => {
  it('rejects reserved or empty names and non-string metadata', () => {
    expect(() => writeSafetensors({ '': tensor([1]) })).toThrow(ArgumentError);
    expect(() => writeSafetensors({ __metadata__: tensor([1]) })).toThrow("got '__metadata__'");
    expect(() => writeSafetensors({ x: 3 as unknown as Tensor })).toThrow("got 'x'");
    expect(() => writeSafetensors({}, { n: 1 as unknown as string })).toThrow(
      'writeSafetensors: metadata.n must be a string, got number.',
    );
  });
});
