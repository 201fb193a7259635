// Reading and writing the safetensors format: an 8-byte little-endian header length, a JSON
// header naming each tensor's dtype, shape and byte range, then the raw little-endian data.
// Readers treat input as hostile: every size and offset is checked before it is used.
import { getBackend } from '../backends';
import { allocateTypedArray, type DType, type TypedArray } from '../dtype';
import { ArgumentError } from '../errors/argument-error';
import { FormatError } from '../errors/format-error';
import { formatShape, sizeOf } from '../shape';
import { Tensor } from '../tensor';

/** The largest header accepted (the format's own limit). @category Serialization */
export const MAX_HEADER_BYTES = 100_000_000;

/** What {@link readSafetensors} returns: the tensors by name and the `__metadata__` strings. @category Serialization */
export interface SafetensorsContent {
  /** The tensors, by the names in the file. */
  tensors: Map<string, Tensor>;
  /** The `__metadata__` map (empty when the file has none). */
  metadata: Record<string, string>;
}

const FILE_DTYPES = { F32: 4, F64: 8, I32: 4, I64: 8 } as const;
type FileDType = keyof typeof FILE_DTYPES;
const fileDTypeOf: Record<DType, FileDType> = { float32: 'F32', float64: 'F64', int32: 'I32' };
const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

interface Entry {
  name: string;
  dtype: FileDType;
  shape: number[];
  begin: number;
  end: number;
}

function fail(message: string): never {
  throw new FormatError(`readSafetensors: ${message}`);
}

function parseHeader(bytes: Uint8Array): {
  entries: Entry[];
  metadata: Record<string, string>;
  dataStart: number;
} {
  if (bytes.length < 8)
    fail(`the file must be at least 8 bytes (the header length), got ${bytes.length} bytes.`);
  const lengthView = new DataView(bytes.buffer, bytes.byteOffset, 8);
  const headerLength = Number(lengthView.getBigUint64(0, true));
  if (headerLength > MAX_HEADER_BYTES) {
    fail(`the header length must be at most ${MAX_HEADER_BYTES} bytes, got ${headerLength}.`);
  }
  if (8 + headerLength > bytes.length) {
    fail(
      `the header length ${headerLength} runs past the end of the file (${bytes.length} bytes).`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength)),
    );
  } catch (error) {
    throw new FormatError(
      `readSafetensors: the header must be UTF-8 JSON, got unreadable text (${String(error)}).`,
      { cause: error },
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    fail(
      `the header must be a JSON object, got ${Array.isArray(parsed) ? 'an array' : typeof parsed}.`,
    );
  }
  const metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, value] of Object.entries(parsed)) {
    if (name === '__metadata__') {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        fail('__metadata__ must be an object of strings.');
      for (const [key, text] of Object.entries(value as Record<string, unknown>)) {
        if (typeof text !== 'string')
          fail(`__metadata__.${key} must be a string, got ${typeof text}.`);
        metadata[key] = text;
      }
      continue;
    }
    entries.push(parseEntry(name, value));
  }
  return { entries, metadata, dataStart: 8 + headerLength };
}

function parseEntry(name: string, value: unknown): Entry {
  if (typeof value !== 'object' || value === null)
    fail(`tensor '${name}' must be described by an object.`);
  const { dtype, shape, data_offsets: offsets } = value as Record<string, unknown>;
  if (typeof dtype !== 'string' || !Object.hasOwn(FILE_DTYPES, dtype)) {
    fail(
      `tensor '${name}' has dtype ${JSON.stringify(dtype)}; expected one of ${Object.keys(FILE_DTYPES).join(', ')}.`,
    );
  }
  if (!Array.isArray(shape) || !shape.every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) {
    fail(
      `tensor '${name}' must have a shape of non-negative integers, got ${JSON.stringify(shape)}.`,
    );
  }
  if (
    !Array.isArray(offsets) ||
    offsets.length !== 2 ||
    !offsets.every((n) => Number.isSafeInteger(n) && (n as number) >= 0) ||
    (offsets[0] as number) > (offsets[1] as number)
  ) {
    fail(
      `tensor '${name}' must have data_offsets [begin, end] with 0 ≤ begin ≤ end, got ${JSON.stringify(offsets)}.`,
    );
  }
  return {
    name,
    dtype: dtype as FileDType,
    shape: shape as number[],
    begin: offsets[0] as number,
    end: offsets[1] as number,
  };
}

function checkLayout(entries: Entry[], dataLength: number): void {
  for (const entry of entries) {
    const expected = sizeOf(entry.shape) * FILE_DTYPES[entry.dtype];
    if (entry.end - entry.begin !== expected) {
      fail(
        `tensor '${entry.name}' of shape ${formatShape(entry.shape)} and dtype ${entry.dtype} needs ${expected} bytes, but its data_offsets [${entry.begin}, ${entry.end}] span ${entry.end - entry.begin}.`,
      );
    }
    if (entry.end > dataLength) {
      fail(
        `tensor '${entry.name}' has data_offsets [${entry.begin}, ${entry.end}] past the end of the data (${dataLength} bytes).`,
      );
    }
  }
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  for (const entry of sorted) {
    if (entry.begin < covered)
      fail(
        `tensor '${entry.name}' overlaps another tensor (data_offsets [${entry.begin}, ${entry.end}]).`,
      );
    if (entry.begin > covered)
      fail(
        `the data has a gap before tensor '${entry.name}' (bytes ${covered} to ${entry.begin} belong to no tensor).`,
      );
    covered = entry.end;
  }
  if (covered !== dataLength)
    fail(`the data has ${dataLength - covered} trailing bytes that belong to no tensor.`);
}

function decode(entry: Entry, bytes: Uint8Array): TypedArray {
  const count = sizeOf(entry.shape);
  const view = new DataView(bytes.buffer, bytes.byteOffset + entry.begin, entry.end - entry.begin);
  switch (entry.dtype) {
    case 'F32': {
      const out = allocateTypedArray('float32', count);
      if (littleEndian) new Uint8Array(out.buffer).set(bytes.subarray(entry.begin, entry.end));
      else for (let k = 0; k < count; k++) out[k] = view.getFloat32(4 * k, true);
      return out;
    }
    case 'F64': {
      const out = allocateTypedArray('float64', count);
      if (littleEndian) new Uint8Array(out.buffer).set(bytes.subarray(entry.begin, entry.end));
      else for (let k = 0; k < count; k++) out[k] = view.getFloat64(8 * k, true);
      return out;
    }
    case 'I32': {
      const out = allocateTypedArray('int32', count);
      for (let k = 0; k < count; k++) out[k] = view.getInt32(4 * k, true);
      return out;
    }
    case 'I64': {
      // Unroll has no int64 dtype; values that fit in int32 (indices, labels, steps) load as int32.
      const out = allocateTypedArray('int32', count);
      for (let k = 0; k < count; k++) {
        const value = view.getBigInt64(8 * k, true);
        if (value > 2147483647n || value < -2147483648n) {
          fail(
            `tensor '${entry.name}' (I64) holds ${value}, outside the int32 range Unroll loads I64 into.`,
          );
        }
        out[k] = Number(value);
      }
      return out;
    }
  }
}

/**
 * Parses a safetensors file. Bad input gives a {@link FormatError} naming the problem, never a
 * crash or a giant allocation: the header length is checked against the file and a 100 MB
 * limit, each tensor's byte range against its shape and the data, and ranges must neither
 * overlap nor leave gaps.
 * @param bytes - the whole file
 * @returns the tensors by name (F32 → float32, F64 → float64, I32 and I64 → int32) and the metadata
 * @throws {FormatError} if the file is malformed
 * @example
 * ```ts
 * const { tensors, metadata } = readSafetensors(await readFile('model.safetensors'));
 * ```
 * @see safetensors.torch.load
 * @category Serialization
 */
export function readSafetensors(bytes: Uint8Array): SafetensorsContent {
  if (!(bytes instanceof Uint8Array)) {
    throw new ArgumentError(`readSafetensors: bytes must be a Uint8Array, got ${typeof bytes}.`, {
      argument: 'bytes',
    });
  }
  const { entries, metadata, dataStart } = parseHeader(bytes);
  const data = bytes.subarray(dataStart);
  checkLayout(entries, data.length);
  const backend = getBackend();
  const tensors = new Map<string, Tensor>();
  for (const entry of entries) {
    const values = decode(entry, data);
    tensors.set(
      entry.name,
      Tensor.fromHandle(
        backend.write(values),
        entry.shape,
        entry.dtype === 'F64' ? 'float64' : entry.dtype === 'F32' ? 'float32' : 'int32',
        backend,
      ),
    );
  }
  return { tensors, metadata };
}

/**
 * Serialises named tensors (and optional string metadata) to safetensors bytes. Tensors are
 * laid out in name order; the header is padded with spaces to a multiple of 8 bytes.
 * @param tensors - a map or record from name to tensor
 * @param metadata - strings stored under `__metadata__`
 * @throws {ArgumentError} if a name is empty or `__metadata__`, or a metadata value is not a string
 * @example
 * ```ts
 * const bytes = writeSafetensors({ weight: randn([4, 4]) }, { format: 'pt' });
 * ```
 * @see safetensors.torch.save
 * @category Serialization
 */
export function writeSafetensors(
  tensors: ReadonlyMap<string, Tensor> | Readonly<Record<string, Tensor>>,
  metadata: Readonly<Record<string, string>> = {},
): Uint8Array {
  const entries: [string, Tensor][] =
    tensors instanceof Map
      ? [...(tensors as ReadonlyMap<string, Tensor>).entries()]
      : Object.entries(tensors as Readonly<Record<string, Tensor>>);
  const list = entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // No prototype, so a tensor named '__proto__' becomes a key instead of replacing the prototype.
  const header: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') {
      throw new ArgumentError(
        `writeSafetensors: metadata.${key} must be a string, got ${typeof value}.`,
        { argument: 'metadata' },
      );
    }
  }
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  const chunks: Uint8Array[] = [];
  for (const [name, value] of list) {
    if (name === '' || name === '__metadata__' || !(value instanceof Tensor)) {
      throw new ArgumentError(
        `writeSafetensors: tensors must map non-empty names (not '__metadata__') to tensors, got '${name}'.`,
        { argument: 'tensors' },
      );
    }
    const values = value.data();
    const chunk = new Uint8Array(values.byteLength);
    const view = new DataView(chunk.buffer);
    const size = values.BYTES_PER_ELEMENT;
    for (let k = 0; k < values.length; k++) {
      const v = values[k] ?? 0;
      if (value.dtype === 'float32') view.setFloat32(k * size, v, true);
      else if (value.dtype === 'float64') view.setFloat64(k * size, v, true);
      else view.setInt32(k * size, v, true);
    }
    header[name] = {
      dtype: fileDTypeOf[value.dtype],
      shape: [...value.shape],
      data_offsets: [offset, offset + chunk.length],
    };
    offset += chunk.length;
    chunks.push(chunk);
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const spaced = new Uint8Array(padded).fill(0x20);
    spaced.set(json);
    json = spaced;
  }
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let position = 8 + json.length;
  for (const chunk of chunks) {
    out.set(chunk, position);
    position += chunk.length;
  }
  return out;
}
