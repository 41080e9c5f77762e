// IDX files (the MNIST format), gzip-compressed or plain: reading with clear errors, and writing.
import { promises as fsp } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';
import { DatasetError } from './errors.js';
import { formatBytes, MAX_DATA_BYTES, openRegularFile } from './read.js';

export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

export interface IdxArray {
  dims: number[];
  /** IDX type code: 0x08 ubyte, 0x09 byte, 0x0B short, 0x0C int, 0x0D float, 0x0E double. */
  type: number;
  data: IdxData;
}

const TYPES: Record<number, { name: string; size: number }> = {
  0x08: { name: 'unsigned byte', size: 1 },
  0x09: { name: 'signed byte', size: 1 },
  0x0b: { name: 'short', size: 2 },
  0x0c: { name: 'int', size: 4 },
  0x0d: { name: 'float', size: 4 },
  0x0e: { name: 'double', size: 8 },
};

export function isGzip(buf: Uint8Array): boolean {
  return buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b;
}

interface IdxHeader {
  type: number;
  size: number;
  name: string;
  dims: number[];
  count: number;
  headerBytes: number;
  /** Bytes of values the header declares. */
  need: number;
}

/** The header of an IDX file from its first bytes; null when more bytes are needed (and `final` is false). */
function idxHeader(buf: Uint8Array, file: string, final: boolean): IdxHeader | null {
  if (buf.length === 0 && final) throw new DatasetError('empty file', { file });
  if (buf.length < 4) {
    if (!final) return null;
    throw new DatasetError(`not an IDX file: only ${buf.length} bytes`, { file });
  }
  if (buf[0] !== 0 || buf[1] !== 0) {
    throw new DatasetError('not an IDX file: it must start with two zero bytes (the magic number 0x0000TTDD)', { file });
  }
  const type = buf[2];
  const nd = buf[3];
  const t = TYPES[type];
  if (!t) throw new DatasetError(`not an IDX file: unknown data type 0x${type.toString(16).padStart(2, '0')}`, { file });
  if (nd < 1) throw new DatasetError('not an IDX file: zero dimensions', { file });
  const headerBytes = 4 + 4 * nd;
  if (buf.length < headerBytes) {
    if (!final) return null;
    throw new DatasetError(`truncated IDX header: ${nd} dimensions need ${headerBytes} bytes, the file has ${buf.length}`, { file });
  }
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const dims: number[] = [];
  let count = 1;
  for (let i = 0; i < nd; i++) {
    const d = view.getUint32(4 + 4 * i, false);
    dims.push(d);
    count *= d;
  }
  return { type, size: t.size, name: t.name, dims, count, headerBytes, need: count * t.size };
}

/**
 * Reads an IDX file (gzip or plain) as a stream that stops as soon as it holds more than its header declares,
 * so neither a gzip bomb nor a device file can fill memory. Only a regular file of at most `maxBytes` of values.
 */
export async function readIdxBytes(file: string, maxBytes = MAX_DATA_BYTES): Promise<Buffer> {
  const { fh, size } = await openRegularFile(file);
  try {
    const magic = Buffer.alloc(2);
    await fh.read(magic, 0, 2, 0);
    const gz = isGzip(magic);
    const source = fh.createReadStream({ start: 0, autoClose: false });
    let out: Buffer | null = null;
    let filled = 0;
    const pending: Buffer[] = [];
    let refused: DatasetError | undefined;
    const sink = async (chunks: AsyncIterable<Buffer>) => {
      try {
        await fill(chunks);
      } catch (e) {
        if (e instanceof DatasetError) refused = e;
        throw e;
      }
    };
    const fill = async (chunks: AsyncIterable<Buffer>) => {
      for await (const chunk of chunks) {
        if (!out) {
          pending.push(chunk);
          const head = Buffer.concat(pending);
          const h = idxHeader(head, file, false);
          if (!h) continue;
          const expected = h.headerBytes + h.need;
          if (h.need > maxBytes) {
            throw new DatasetError(`the header declares ${h.dims.join(' × ')} ${h.name} values (${formatBytes(h.need)}), more than the ${formatBytes(maxBytes)} one IDX file may hold here`, { file });
          }
          if (!gz && size > expected) throw extraBytes(size - expected, h, file);
          out = Buffer.allocUnsafe(expected);
          filled = 0;
          pending.length = 0;
          const take = Math.min(head.length, expected);
          head.copy(out, 0, 0, take);
          filled = take;
          if (head.length > expected) throw extraBytes(null, h, file);
          continue;
        }
        if (filled + chunk.length > out.length) throw extraBytes(null, idxHeader(out, file, true)!, file);
        chunk.copy(out, filled);
        filled += chunk.length;
      }
    };
    try {
      if (gz) await pipeline(source, zlib.createGunzip(), sink);
      else await pipeline(source, sink);
    } catch (caught) {
      // the sink's own error can come back from pipeline as an AbortError
      const e = refused ?? caught;
      if (e instanceof DatasetError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      if (gz && typeof code === 'string' && code.startsWith('Z_')) throw new DatasetError(`corrupt gzip data (${(e as Error).message})`, { file, cause: e });
      throw new DatasetError(`cannot read the file (${code ?? (e as Error).message})`, { file, cause: e });
    }
    const read = out as Buffer | null; // assigned inside the sink
    return read ? read.subarray(0, filled) : Buffer.concat(pending);
  } finally {
    await fh.close();
  }
}

function extraBytes(extra: number | null, h: IdxHeader, file: string): DatasetError {
  return new DatasetError(
    extra !== null
      ? `IDX file has ${extra} bytes more than its header declares (${h.dims.join(' × ')}); is it the right file?`
      : `IDX file holds more than the ${formatBytes(h.headerBytes + h.need)} its header declares (${h.dims.join(' × ')}); is it the right file?`,
    { file },
  );
}

export function parseIdx(buf: Uint8Array, file: string): IdxArray {
  const { type, size, name, dims, count, headerBytes, need } = idxHeader(buf, file, true)!;
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const have = buf.length - headerBytes;
  if (have < need) {
    throw new DatasetError(
      `truncated IDX file: the header declares ${dims.join(' × ')} ${name} values (${need.toLocaleString('en-US')} bytes), the file holds ${have.toLocaleString('en-US')}`,
      { file },
    );
  }
  if (have > need) {
    throw new DatasetError(`IDX file has ${have - need} bytes more than its header declares (${dims.join(' × ')}); is it the right file?`, { file });
  }
  let data: IdxData;
  switch (type) {
    case 0x08: data = new Uint8Array(buf.buffer.slice(buf.byteOffset + headerBytes, buf.byteOffset + headerBytes + need)); break;
    case 0x09: data = new Int8Array(buf.buffer.slice(buf.byteOffset + headerBytes, buf.byteOffset + headerBytes + need)); break;
    default: {
      const arr = type === 0x0b ? new Int16Array(count) : type === 0x0c ? new Int32Array(count) : type === 0x0d ? new Float32Array(count) : new Float64Array(count);
      for (let i = 0; i < count; i++) {
        const o = headerBytes + i * size;
        arr[i] = type === 0x0b ? view.getInt16(o, false) : type === 0x0c ? view.getInt32(o, false) : type === 0x0d ? view.getFloat32(o, false) : view.getFloat64(o, false);
      }
      data = arr;
    }
  }
  return { dims, type, data };
}

export async function readIdxFile(file: string): Promise<IdxArray> {
  return parseIdx(await readIdxBytes(file), file);
}

/** Encodes unsigned bytes as an IDX file (type 0x08). */
export function encodeIdx(dims: number[], data: Uint8Array): Buffer {
  const count = dims.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new Error(`encodeIdx: ${data.length} values for dims ${dims.join('×')}`);
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = 0x08;
  header[3] = dims.length;
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
}

export async function writeIdxFile(file: string, dims: number[], data: Uint8Array, gzip = file.endsWith('.gz')): Promise<void> {
  const raw = encodeIdx(dims, data);
  await fsp.writeFile(file, gzip ? zlib.gzipSync(raw) : raw);
}
