// Writes a built dataset to <dataDir>/datasets/<id>/: binary files + manifest.json, into a temporary
// folder first, every file fsynced, then renamed into place, so a failure leaves nothing behind.
import { createHash, type Hash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { DatasetInfo } from '../../shared/dataset.js';
import type { BuiltDataset, FeatureDtype, ProgressFn, TypedData } from './sources/types.js';
import { rowSize } from './sources/types.js';

export const MANIFEST = 'manifest.json';
export const PREVIEW = 'preview.json';
export const MANIFEST_VERSION = 1;

export interface ManifestFile {
  file: string;
  dtype: FeatureDtype;
  /** Number of values. */
  length: number;
}

export interface Manifest {
  format: 'mtlw-dataset';
  version: number;
  endianness: 'LE';
  rows: number;
  features: (ManifestFile & { name: string; rowSize: number })[];
  labels: (ManifestFile & { task: string })[];
  splits: { train: ManifestFile; validation: ManifestFile; test: ManifestFile };
  extras: (ManifestFile & { name: string })[];
  /** The files the checksum covers, in hashing order. */
  checksumFiles: string[];
  meta: Record<string, unknown>;
  info: DatasetInfo;
}

export function dtypeOf(a: TypedData): FeatureDtype {
  if (a instanceof Uint8Array) return 'u8';
  if (a instanceof Float32Array) return 'f32';
  return 'i32';
}

/** Feeds one file into the dataset checksum: name, byte length, bytes. */
export function hashHeader(hash: Hash, file: string, byteLength: number): void {
  hash.update(`${file}\n${byteLength}\n`);
}

function bytesOf(a: TypedData): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

async function writeChunks(file: string, chunks: Iterable<TypedData>, onBytes?: (n: number) => void): Promise<{ length: number; dtype: FeatureDtype | null; byteLength: number; digest: Hash }> {
  const fh = await fsp.open(file, 'wx');
  const digest = createHash('sha256');
  let length = 0, byteLength = 0;
  let dtype: FeatureDtype | null = null;
  try {
    for (const chunk of chunks) {
      const d = dtypeOf(chunk);
      if (dtype && d !== dtype) throw new Error(`mixed chunk types in ${path.basename(file)}`);
      dtype = d;
      const buf = bytesOf(chunk);
      let off = 0;
      while (off < buf.length) {
        const { bytesWritten } = await fh.write(buf, off, buf.length - off);
        off += bytesWritten;
      }
      digest.update(buf);
      length += chunk.length;
      byteLength += buf.length;
      onBytes?.(buf.length);
    }
    await fh.sync();
  } finally {
    await fh.close();
  }
  return { length, dtype, byteLength, digest };
}

async function fsyncDir(dir: string): Promise<void> {
  try {
    const fh = await fsp.open(dir, 'r');
    try { await fh.sync(); } finally { await fh.close(); }
  } catch {
    // Some filesystems refuse fsync on a directory; the rename is still atomic.
  }
}

export interface MaterialiseResult {
  dir: string;
  checksum: string;
  manifest: Manifest;
}

/**
 * Writes every file, computes the checksum over them, completes `info` with it, and moves the folder
 * into place. `makeInfo` receives the checksum and returns the final DatasetInfo.
 */
export async function materialise(
  datasetsDir: string,
  id: string,
  built: BuiltDataset,
  makeInfo: (checksum: string) => DatasetInfo,
  onProgress: ProgressFn = () => {},
): Promise<MaterialiseResult> {
  await fsp.mkdir(datasetsDir, { recursive: true });
  const tmp = path.join(datasetsDir, `.tmp-${id}-${process.pid}`);
  const final = path.join(datasetsDir, id);
  await fsp.mkdir(tmp);
  try {
    const files: { name: string; byteLength: number; digest: string }[] = [];
    let total = 0;
    for (const f of built.features) total += built.rows * rowSize(f.spec) * (f.dtype === 'u8' ? 1 : 4);
    let done = 0;
    const progress = (n: number) => {
      done += n;
      onProgress({ phase: 'write', done: Math.min(done, total), total });
    };
    const write = async (name: string, chunks: Iterable<TypedData>, expectDtype?: FeatureDtype): Promise<ManifestFile> => {
      const r = await writeChunks(path.join(tmp, name), chunks, progress);
      const dtype = r.dtype ?? expectDtype ?? 'f32';
      if (expectDtype && r.dtype && r.dtype !== expectDtype) throw new Error(`${name}: expected ${expectDtype} data, got ${r.dtype}`);
      files.push({ name, byteLength: r.byteLength, digest: r.digest.digest('hex') });
      return { file: name, dtype, length: r.length };
    };

    const features: Manifest['features'] = [];
    for (let i = 0; i < built.features.length; i++) {
      const f = built.features[i];
      const chunks = typeof f.data === 'function' ? f.data() : [f.data];
      const m = await write(`feature-${i}.${f.dtype}`, chunks, f.dtype);
      const size = rowSize(f.spec);
      if (m.length !== built.rows * size) {
        throw new Error(`feature ${f.spec.name}: ${m.length} values written, expected ${built.rows} rows × ${size}`);
      }
      features.push({ ...m, name: f.spec.name, rowSize: size });
    }
    const labels: Manifest['labels'] = [];
    for (let t = 0; t < built.tasks.length; t++) {
      const y = built.labels[t];
      if (y.length !== built.rows) throw new Error(`task ${built.tasks[t].name}: ${y.length} labels for ${built.rows} rows`);
      labels.push({ ...(await write(`label-${t}.f32`, [y])), task: built.tasks[t].name });
    }
    const splits = {
      train: await write('split-train.i32', [built.splits.train], 'i32'),
      validation: await write('split-validation.i32', [built.splits.validation], 'i32'),
      test: await write('split-test.i32', [built.splits.test], 'i32'),
    };
    const extras: Manifest['extras'] = [];
    for (const e of built.extras ?? []) {
      extras.push({ ...(await write(`extra-${e.name}.${dtypeOf(e.data)}`, [e.data])), name: e.name });
    }

    // The checksum: sha256 over (name, byte length, sha256 of the bytes) of every data file, in order.
    const h = createHash('sha256');
    for (const f of files) {
      hashHeader(h, f.name, f.byteLength);
      h.update(f.digest);
    }
    const checksum = h.digest('hex');
    const info = makeInfo(checksum);
    const manifest: Manifest = {
      format: 'mtlw-dataset',
      version: MANIFEST_VERSION,
      endianness: 'LE',
      rows: built.rows,
      features,
      labels,
      splits,
      extras,
      checksumFiles: files.map((f) => f.name),
      meta: built.meta ?? {},
      info,
    };
    await writeText(path.join(tmp, MANIFEST), JSON.stringify(manifest, null, 1));
    if (built.preview) await writeText(path.join(tmp, PREVIEW), JSON.stringify(built.preview));
    await fsyncDir(tmp);
    await fsp.rename(tmp, final);
    await fsyncDir(datasetsDir);
    return { dir: final, checksum, manifest };
  } catch (e) {
    await fsp.rm(tmp, { recursive: true, force: true });
    throw e;
  }
}

async function writeText(file: string, text: string): Promise<void> {
  const fh = await fsp.open(file, 'wx');
  try {
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Recomputes a stored dataset's checksum from its files. */
export async function computeChecksum(dir: string, manifest: Manifest): Promise<string> {
  const h = createHash('sha256');
  for (const name of manifest.checksumFiles) {
    const file = path.join(dir, name);
    const st = await fsp.stat(file);
    const d = createHash('sha256');
    const fh = await fsp.open(file, 'r');
    try {
      const buf = Buffer.allocUnsafe(1 << 20);
      for (;;) {
        const { bytesRead } = await fh.read(buf, 0, buf.length, null);
        if (bytesRead === 0) break;
        d.update(buf.subarray(0, bytesRead));
      }
    } finally {
      await fh.close();
    }
    hashHeader(h, name, st.size);
    h.update(d.digest('hex'));
  }
  return h.digest('hex');
}

/** Removes temporary folders left by imports of processes that no longer run. */
export async function sweepTemporaries(datasetsDir: string): Promise<void> {
  let names: string[];
  try { names = await fsp.readdir(datasetsDir); } catch { return; }
  for (const name of names) {
    const m = /^\.tmp-.+-(\d+)$/.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid !== process.pid && isAlive(pid)) continue;
    if (pid === process.pid) continue;
    await fsp.rm(path.join(datasetsDir, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
