// The plug-in seam for dataset sources: one file per source under sources/, one registry (index.ts).
import type { z } from 'zod';
import type { FeatureSpec, FeatureStats, TaskSpec } from '../../../shared/dataset.js';
import type { AllowedDirs } from '../allowed-dirs.js';
import type { Splits } from '../splits.js';

export interface DatasetProgress {
  phase: string;
  done: number;
  total: number;
}
export type ProgressFn = (p: DatasetProgress) => void;

/** A mirror for a family of downloadable files, with the checksums of the files it serves. */
export interface RemoteOverride {
  baseUrl: string;
  sha256: Record<string, string>;
}

export interface SourceContext {
  dataDir: string;
  /** `<dataDir>/cache`: downloads and other reusable raw data. */
  cacheDir: string;
  env: Record<string, string | undefined>;
  onProgress: ProgressFn;
  /** Web mode: the folders files may be read from (a file a source opens beyond its options is checked too). */
  allowedDirs?: AllowedDirs;
  /** Per family ('mnist', 'fashion-mnist'): a mirror to download from instead of the official URL. */
  remotes?: Record<string, RemoteOverride>;
}

export type FeatureDtype = 'u8' | 'f32' | 'i32';
export type TypedData = Uint8Array | Float32Array | Int32Array;

export interface BuiltFeature {
  spec: FeatureSpec;
  /** Storage type. u8 is only for images (bytes, scaled to [0, 1] when loaded). */
  dtype: FeatureDtype;
  /** rows × rowSize values, or a generator of consecutive chunks (for data too large to hold twice). */
  data: TypedData | (() => Iterable<TypedData>);
}

/** A binary side product worth keeping beside the data (e.g. the partner of each MultiMNIST row). */
export interface BuiltExtra {
  name: string;
  data: Int32Array | Float32Array;
}

export interface BuiltDataset {
  /** A default name when the request gives none. */
  name: string;
  /** The options as used (defaults filled in): recorded in the dataset's spec. */
  options: Record<string, unknown>;
  rows: number;
  features: BuiltFeature[];
  tasks: TaskSpec[];
  /** One per task, rows long: class index or value; NaN = missing label. */
  labels: Float32Array[];
  splits: Splits;
  /** Stats the source knows best (per CSV column); features without an entry get generic ones. */
  stats?: FeatureStats[];
  /** First rows as display strings (tabular sources). */
  preview?: { columns: string[]; rows: string[][] };
  /** Small JSON facts recorded in the manifest (origin of the data, weight vectors, notes). */
  meta?: Record<string, unknown>;
  extras?: BuiltExtra[];
}

export interface SourceAvailability {
  available: boolean;
  reason?: string;
}

export interface DatasetSource<O extends Record<string, unknown> = Record<string, unknown>> {
  /** Registry key, recorded as DatasetSpec.source. */
  name: string;
  label: string;
  description: string;
  /** 'builtin' sources are created by name; 'import' sources read the user's files. */
  kind: 'builtin' | 'import';
  /** The options it takes: the manager checks a request's options with this, once, and build gets the result. */
  options: z.ZodType<O>;
  availability(ctx: SourceContext, options?: Record<string, unknown>): SourceAvailability;
  build(options: O, seed: number, ctx: SourceContext): Promise<BuiltDataset>;
}

export function rowSize(spec: FeatureSpec): number {
  switch (spec.kind) {
    case 'image': return spec.shape[0] * spec.shape[1] * spec.shape[2];
    case 'vector': return spec.size;
    case 'categorical': return 1;
    case 'text': return spec.maxLength;
  }
}
