// IDX files (the MNIST format), gzip-compressed or plain: reading with clear errors, and writing.
import { promises as fsp } from 'node:fs';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import { DatasetError } from './errors.js';

const gunzip = promisify(zlib.gunzip);

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

/** Reads a file, decompressing it when it is gzip; a corrupt stream is a DatasetError naming the file. */
export async function readMaybeGzip(file: string): Promise<Buffer> {
  let buf: Buffer;
  try {
    buf = await fsp.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DatasetError(code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? String(e)})`, { file, code: code === 'ENOENT' ? 'not-found' : 'invalid-argument' });
  }
  if (!isGzip(buf)) return buf;
  try {
    return await gunzip(buf);
  } catch (e) {
    throw new DatasetError(`corrupt gzip data (${(e as Error).message})`, { file, cause: e });
  }
}

export function parseIdx(buf: Uint8Array, file: string): IdxArray {
  if (buf.length === 0) throw new DatasetError('empty file', { file });
  if (buf.length < 4) throw new DatasetError(`not an IDX file: only ${buf.length} bytes`, { file });
  if (buf[0] !== 0 || buf[1] !== 0) {
    throw new DatasetError('not an IDX file: it must start with two zero bytes (the magic number 0x0000TTDD)', { file });
  }
  const type = buf[2];
  const nd = buf[3];
  const t = TYPES[type];
  if (!t) throw new DatasetError(`not an IDX file: unknown data type 0x${type.toString(16).padStart(2, '0')}`, { file });
  if (nd < 1) throw new DatasetError('not an IDX file: zero dimensions', { file });
  const headerBytes = 4 + 4 * nd;
  if (buf.length < headerBytes) throw new DatasetError(`truncated IDX header: ${nd} dimensions need ${headerBytes} bytes, the file has ${buf.length}`, { file });
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const dims: number[] = [];
  let count = 1;
  for (let i = 0; i < nd; i++) {
    const d = view.getUint32(4 + 4 * i, false);
    dims.push(d);
    count *= d;
  }
  const need = count * t.size;
  const have = buf.length - headerBytes;
  if (have < need) {
    throw new DatasetError(
      `truncated IDX file: the header declares ${dims.join(' × ')} ${t.name} values (${need.toLocaleString('en-US')} bytes), the file holds ${have.toLocaleString('en-US')}`,
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
        const o = headerBytes + i * t.size;
        arr[i] = type === 0x0b ? view.getInt16(o, false) : type === 0x0c ? view.getInt32(o, false) : type === 0x0d ? view.getFloat32(o, false) : view.getFloat64(o, false);
      }
      data = arr;
    }
  }
  return { dims, type, data };
}

export async function readIdxFile(file: string): Promise<IdxArray> {
  return parseIdx(await readMaybeGzip(file), file);
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
