// The datasets service: a registry of sources, materialisation under <dataDir>/datasets/<id>/, the
// store's row inserted only once every file is on disk, previews, deletion.
import { randomUUID } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { BuiltinRequest, ImportFilePreview, ImportFileRequest, ImportRequest } from '../../shared/api.js';
import type { DatasetInfo, DatasetPreview, FeatureStats, SourceListing } from '../../shared/dataset.js';
import type { LoadedDataset } from '../engine/types.js';
import { AllowedDirs } from './allowed-dirs.js';
import { DatasetError } from './errors.js';
import { loadDataset, datasetDir } from './load.js';
import { materialise, sweepTemporaries } from './materialise.js';
import { buildPreview, DEFAULT_PREVIEW_ROWS } from './preview.js';
import { previewCsvFile } from './csv/file-preview.js';
import { uploadsDir } from './uploads.js';
import { getSource, SOURCES } from './sources/index.js';
import { parseOptions } from './sources/options.js';
import type { BuiltDataset, DatasetProgress, ProgressFn, RemoteOverride, SourceContext } from './sources/types.js';
import { rowSize } from './sources/types.js';
import { splitSizes } from './splits.js';
import { categoryCounts, imageStats, taskBalance, vectorStats } from './stats.js';
import type { DatasetRepo } from './types.js';

export const DEFAULT_SEED = 1;

export interface DatasetManagerOptions {
  dataDir: string;
  repo: DatasetRepo;
  /** Defaults to process.env (MTLW_FASHION_MNIST_DIR, MTLW_MNIST_DIR, MTLW_EMNIST_DIR, MTLW_SYSTEM_DATASETS_DIR). */
  env?: Record<string, string | undefined>;
  /** Mirrors per family ('mnist', 'fashion-mnist') with their own checksums. */
  remotes?: Record<string, RemoteOverride>;
  /** Web mode: only files under these folders may be read. */
  allowedDirs?: string[];
}

export type { SourceListing };

export type { DatasetProgress };

export class DatasetManager {
  readonly dataDir: string;
  readonly datasetsDir: string;
  readonly cacheDir: string;
  private readonly repo: DatasetRepo;
  private readonly env: Record<string, string | undefined>;
  private readonly remotes?: Record<string, RemoteOverride>;
  private readonly allowedDirs?: AllowedDirs;
  private swept: Promise<void> | null = null;

  constructor(opts: DatasetManagerOptions) {
    this.dataDir = path.resolve(opts.dataDir);
    this.datasetsDir = path.join(this.dataDir, 'datasets');
    this.cacheDir = path.join(this.dataDir, 'cache');
    this.repo = opts.repo;
    this.env = opts.env ?? process.env;
    this.remotes = opts.remotes;
    // the upload folder inside the data folder is always readable: the web page's file picker puts files there
    if (opts.allowedDirs) this.allowedDirs = new AllowedDirs([...opts.allowedDirs, uploadsDir(this.dataDir)]);
  }

  private context(onProgress: ProgressFn = () => {}): SourceContext {
    return { dataDir: this.dataDir, cacheDir: this.cacheDir, env: this.env, onProgress, remotes: this.remotes, allowedDirs: this.allowedDirs };
  }

  listSources(): SourceListing[] {
    const ctx = this.context();
    return SOURCES.map((s) => {
      let a: { available: boolean; reason?: string };
      try {
        a = s.availability(ctx);
      } catch (e) {
        a = { available: false, reason: (e as Error).message };
      }
      return { name: s.name, label: s.label, description: s.description, kind: s.kind, available: a.available, ...(a.reason ? { reason: a.reason } : {}) };
    });
  }

  async createBuiltin(req: BuiltinRequest, onProgress?: ProgressFn): Promise<DatasetInfo> {
    if (!req || typeof req.source !== 'string') throw new DatasetError('source is required');
    const source = getSource(req.source);
    if (!source) {
      throw new DatasetError(`unknown dataset source ${JSON.stringify(req.source)}; known: ${SOURCES.filter((s) => s.kind === 'builtin').map((s) => s.name).join(', ')}`, { code: 'not-found' });
    }
    if (source.kind !== 'builtin') throw new DatasetError(`${req.source} reads your files: use import`);
    const options = { ...(req.options ?? {}) };
    const seed = resolveSeed(req.seed ?? options.seed);
    delete options.seed;
    return this.create(source.name, options, seed, req.name, onProgress);
  }

  async import(req: ImportRequest, onProgress?: ProgressFn): Promise<DatasetInfo> {
    if (!req || typeof req !== 'object') throw new DatasetError('an import request is required');
    const source = getSource(req.kind);
    if (!source || source.kind !== 'import') throw new DatasetError(`unknown import kind ${JSON.stringify((req as { kind?: unknown }).kind)}; use csv, image-list or idx`);
    const { kind: _kind, name, seed, ...options } = req as ImportRequest & Record<string, unknown>;
    return this.create(source.name, options, resolveSeed(seed), name as string | undefined, onProgress);
  }

  private async create(sourceName: string, options: Record<string, unknown>, seed: number, name: string | undefined, onProgress?: ProgressFn): Promise<DatasetInfo> {
    if (name !== undefined && (typeof name !== 'string' || !name.trim())) throw new DatasetError('name must be a non-empty string');
    this.swept ??= sweepTemporaries(this.datasetsDir);
    await this.swept;
    const report = onProgress ?? (() => {});
    this.allowedDirs?.checkOptions(options);
    const source = getSource(sourceName)!;
    const built = await source.build(parseOptions(source.options, options), seed, this.context(report));
    const id = `ds-${randomUUID()}`;
    const base = {
      id,
      name: name?.trim() || built.name,
      spec: { source: source.name, options: built.options, seed },
      features: built.features.map((f) => f.spec),
      tasks: built.tasks,
      rows: built.rows,
      splits: splitSizes(built.splits),
      stats: completeStats(built),
      balance: taskBalance(built.tasks, built.labels, built.splits.train),
    };
    const createdAt = new Date().toISOString();
    const { dir, manifest } = await materialise(this.datasetsDir, id, built, (checksum) => ({ ...base, checksum, createdAt }), report);
    const info: DatasetInfo = manifest.info;
    try {
      this.repo.insert(info);
    } catch (e) {
      await fsp.rm(dir, { recursive: true, force: true });
      throw e;
    }
    report({ phase: 'done', done: 1, total: 1 });
    return info;
  }

  find(id: string): DatasetInfo | undefined {
    return this.repo.get(id);
  }

  get(id: string): DatasetInfo {
    const info = this.repo.get(id);
    if (!info) throw new DatasetError(`no dataset ${JSON.stringify(id)}`, { code: 'not-found' });
    return info;
  }

  list(): DatasetInfo[] {
    return this.repo.list();
  }

  async preview(id: string, rows = DEFAULT_PREVIEW_ROWS): Promise<DatasetPreview> {
    return buildPreview(this.dataDir, this.get(id), rows);
  }

  /** A CSV file's first rows and detected column types, before it is imported (same folder rules as import). */
  async previewFile(req: ImportFileRequest): Promise<ImportFilePreview> {
    this.allowedDirs?.check(req.path, 'path');
    return previewCsvFile(req.path, req);
  }

  async load(id: string): Promise<LoadedDataset> {
    return loadDataset(this.dataDir, this.get(id));
  }

  async delete(id: string): Promise<void> {
    this.get(id);
    const dir = datasetDir(this.dataDir, id);
    const trash = path.join(this.datasetsDir, `.tmp-deleted-${id}-${process.pid}`);
    let moved = false;
    try {
      await fsp.rename(dir, trash);
      moved = true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    try {
      this.repo.delete(id);
    } catch (e) {
      if (moved) await fsp.rename(trash, dir);
      throw e;
    }
    if (moved) await fsp.rm(trash, { recursive: true, force: true });
  }
}

function resolveSeed(v: unknown): number {
  if (v === undefined || v === null) return DEFAULT_SEED;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 0xffffffff) {
    throw new DatasetError(`seed must be a non-negative integer, got ${JSON.stringify(v)}`);
  }
  return n;
}

/** Source stats, plus generic stats (training split) for features the source said nothing about. */
function completeStats(built: BuiltDataset): FeatureStats[] {
  const out = [...(built.stats ?? [])];
  const have = new Set(out.map((s) => s.feature));
  for (const f of built.features) {
    if (have.has(f.spec.name) || typeof f.data === 'function') continue;
    const train = built.splits.train;
    if (f.spec.kind === 'image') out.push(imageStats(f.spec.name, f.data as Uint8Array | Float32Array, rowSize(f.spec), train));
    else if (f.spec.kind === 'vector') out.push(vectorStats(f.spec.name, f.data as Float32Array, f.spec.size, train));
    else if (f.spec.kind === 'categorical') out.push({ feature: f.spec.name, counts: categoryCounts(f.data as Int32Array, f.spec.categories, train) });
  }
  return out;
}

export { datasetDir };
