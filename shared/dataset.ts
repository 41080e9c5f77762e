// The dataset model: named features and named tasks, with seeded splits.

/** Shapes exclude the batch dimension. */
export type FeatureSpec =
  | { name: string; kind: 'image'; shape: [number, number, number] }
  /** A numeric vector: numeric columns standardised on the training split, categorical columns one-hot. */
  | { name: string; kind: 'vector'; size: number; columns: string[] }
  /** One categorical column as an integer index (for Embedding); index `categories.length` = missing/unknown. */
  | { name: string; kind: 'categorical'; categories: string[] }
  /** A text column as a token-id sequence: 0 = padding, 1 = out-of-vocabulary. */
  | { name: string; kind: 'text'; vocabSize: number; maxLength: number };

export type TaskKind = 'binary' | 'multiclass' | 'regression';

export interface TaskSpec {
  name: string;
  kind: TaskKind;
  /** Class names for multiclass (and binary: [negative, positive]). */
  classes?: string[];
}

export interface SplitSizes {
  train: number;
  validation: number;
  test: number;
}

export interface FeatureStats {
  feature: string;
  /** For numeric data: mean and std over the training split. */
  mean?: number;
  std?: number;
  /** For categorical data: counts per category over the training split. */
  counts?: Record<string, number>;
}

export interface TaskBalance {
  task: string;
  /** Count per class name (classification) or summary (regression), training split; `missing` = unlabelled rows. */
  counts?: Record<string, number>;
  mean?: number;
  std?: number;
  missing: number;
}

/** How a dataset was made: enough to re-create it exactly. */
export interface DatasetSpec {
  /** A key of the dataset source registry: 'multi-mnist', 'multi-fashion', 'mmoe-synthetic', 'csv', 'image-list', 'idx', ... */
  source: string;
  options: Record<string, unknown>;
  seed: number;
}

export interface DatasetInfo {
  id: string;
  name: string;
  spec: DatasetSpec;
  features: FeatureSpec[];
  tasks: TaskSpec[];
  rows: number;
  splits: SplitSizes;
  stats: FeatureStats[];
  balance: TaskBalance[];
  /** sha256 of the materialised data, so a run can say exactly what it trained on. */
  checksum: string;
  createdAt: string;
}

/** A dataset described but not materialised (no rows, stats or checksum): what the validator and the
 *  builder need to route features and tasks, e.g. for a probe or a bench. */
export function describedDataset(d: Pick<DatasetInfo, 'id' | 'features' | 'tasks'> & Partial<DatasetInfo>): DatasetInfo {
  return {
    name: d.id,
    spec: { source: '', options: {}, seed: 0 },
    rows: 0,
    splits: { train: 0, validation: 0, test: 0 },
    stats: [],
    balance: [],
    checksum: '',
    createdAt: '',
    ...d,
  };
}

/** A dataset source as listDatasetSources names it: built-in benchmarks and importers. */
export interface SourceListing {
  name: string;
  label: string;
  description: string;
  kind: 'builtin' | 'import';
  available: boolean;
  reason?: string;
}

export interface DatasetPreview {
  datasetId: string;
  /** Column names then rows of display strings (tabular data). */
  columns: string[];
  rows: string[][];
  /** For image data: sample images as PNG data URLs with all task labels. */
  images?: { dataUrl: string; labels: Record<string, string> }[];
}
