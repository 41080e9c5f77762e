// Reads a materialised dataset into memory for training (used by the training worker).
import { promises as fsp } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DatasetInfo } from '../../shared/dataset.js';
import type { LoadedDataset } from '../engine/types.js';
import { DatasetError } from './errors.js';
import { computeChecksum, MANIFEST, MANIFEST_VERSION, type Manifest, type ManifestFile } from './materialise.js';

export function datasetDir(dataDir: string, id: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new DatasetError(`not a dataset id: ${JSON.stringify(id)}`, { code: 'not-found' });
  return path.join(dataDir, 'datasets', id);
}

export async function readManifest(dir: string): Promise<Manifest> {
  const file = path.join(dir, MANIFEST);
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch {
    throw new DatasetError('the dataset\'s files are missing (was its folder deleted?)', { file, code: 'not-found' });
  }
  const m = JSON.parse(text) as Manifest;
  if (m.format !== 'mtlw-dataset' || m.version > MANIFEST_VERSION) {
    throw new DatasetError(`unsupported dataset format ${m.format} v${m.version}`, { file, code: 'failed' });
  }
  if (m.endianness !== 'LE' || os.endianness() !== 'LE') {
    throw new DatasetError('dataset files are little-endian; this machine is not', { file, code: 'failed' });
  }
  return m;
}

/** Reads `length` values of a stored file into a fresh typed array (aligned, not pooled). */
export async function readArray(dir: string, f: ManifestFile, start = 0, count = f.length): Promise<Uint8Array | Float32Array | Int32Array> {
  const width = f.dtype === 'u8' ? 1 : 4;
  const out = f.dtype === 'u8' ? new Uint8Array(count) : f.dtype === 'f32' ? new Float32Array(count) : new Int32Array(count);
  const bytes = new Uint8Array(out.buffer);
  const file = path.join(dir, f.file);
  const fh = await fsp.open(file, 'r');
  try {
    let off = 0;
    while (off < bytes.length) {
      const { bytesRead } = await fh.read(bytes, off, Math.min(bytes.length - off, 1 << 26), start * width + off);
      if (bytesRead === 0) throw new DatasetError(`file is shorter than its manifest says (${off} of ${bytes.length} bytes)`, { file, code: 'failed' });
      off += bytesRead;
    }
  } finally {
    await fh.close();
  }
  return out;
}

export interface LoadOptions {
  /** Recompute the checksum and refuse data that does not match the record (default true). */
  verify?: boolean;
}

export async function loadDataset(dataDir: string, info: DatasetInfo, opts: LoadOptions = {}): Promise<LoadedDataset> {
  const dir = datasetDir(dataDir, info.id);
  const manifest = await readManifest(dir);
  if (opts.verify !== false) {
    const sum = await computeChecksum(dir, manifest);
    if (sum !== info.checksum) {
      throw new DatasetError(`the data on disk does not match its record (checksum ${sum.slice(0, 12)}… ≠ ${info.checksum.slice(0, 12)}…)`, { file: dir, code: 'failed' });
    }
  }
  const features: LoadedDataset['features'] = {};
  for (const f of manifest.features) {
    const raw = await readArray(dir, f);
    if (raw instanceof Uint8Array) {
      const out = new Float32Array(raw.length);
      const s = 1 / 255;
      for (let i = 0; i < raw.length; i++) out[i] = raw[i] * s;
      features[f.name] = out;
    } else {
      features[f.name] = raw;
    }
  }
  const labels: LoadedDataset['labels'] = {};
  for (const l of manifest.labels) labels[l.task] = (await readArray(dir, l)) as Float32Array;
  const splits = {
    train: (await readArray(dir, manifest.splits.train)) as Int32Array,
    validation: (await readArray(dir, manifest.splits.validation)) as Int32Array,
    test: (await readArray(dir, manifest.splits.test)) as Int32Array,
  };
  return { info, features, labels, splits };
}
