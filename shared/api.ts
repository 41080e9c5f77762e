// The whole contract between the renderer (or CLI, or tests) and the Node side, declared once.
// Electron IPC, web mode (HTTP + WebSocket) and in-process calls all implement WorkbenchApi.
import type { DatasetInfo, DatasetPreview, SourceListing } from './dataset.js';
import type { Design, StoredDesign } from './design.js';
import type { GpuAdapterInfo } from './gpu.js';
import type { MetricRow, RunConfig, RunProgress, RunRecord, RunStatus } from './run.js';
import type { StrategyInfo } from './strategies.js';
import type { ValidationResult } from './problems.js';
import type { CompareResult, CurvesRequest, RunCurves } from './compare/types.js';
import type { QueueStatus, SweepDetail, SweepPlan, SweepRecord, SweepSpec, SweepStatus } from './sweep.js';

export interface SystemInfo {
  version: string;
  backend: string;
  device: string;
  availableBackends: string[];
  /** The WebGPU adapter Dawn offers here (null: none); a software one (fallback) is used only when webgpu is forced. */
  gpu?: GpuAdapterInfo | null;
  dataDir: string;
  transport: 'electron' | 'web' | 'in-process';
  /** Bytes a design's estimated training memory may take (MTLW_MEMORY_BUDGET, else half the machine's memory):
   *  the designer checks every edit against it, as startRun does. */
  memoryBudget?: number;
}

/** SQLite's integrity check of the workbench's database file (Settings and `mtl-workbench db check`). */
export interface DatabaseCheck {
  file: string;
  mode: 'quick' | 'full';
  ok: boolean;
  /** SQLite's own words, at most 20. */
  problems: string[];
}

export type ImportRequest =
  | {
      kind: 'csv';
      path: string;
      name: string;
      /** Task columns; each may carry a type: 'col' or 'col:regression'. */
      tasks: string[];
      header?: boolean;
      delimiter?: string;
      /** Column name -> 'numeric' | 'categorical' | 'text' | 'ignore'. */
      columnTypes?: Record<string, 'numeric' | 'categorical' | 'text' | 'ignore'>;
      /** Renames for headerless files: col1 -> 'age'. */
      columnNames?: Record<string, string>;
      /** Text columns: vocabulary size (default 10,000) and tokens per row (default: from the data). */
      vocabSize?: number;
      maxLength?: number;
      /** Fractions of rows for the validation and test splits (default 0.1 each). */
      validation?: number;
      test?: number;
      seed?: number;
    }
  | {
      kind: 'image-list';
      path: string;
      name: string;
      pathColumn?: string;
      tasks: string[];
      /** Every image resized to this (side, or [height, width]); default: the first image's size. */
      size?: number | [number, number];
      /** 1 (grey) or 3 (RGB); default: grey when every image is. */
      channels?: 1 | 3;
      header?: boolean;
      delimiter?: string;
      seed?: number;
    }
  | { kind: 'idx'; images: string; labels: string[]; taskNames?: string[]; name: string; seed?: number };

/** A file the web page uploaded (file picker), saved under <data folder>/uploads/ with a generated name. */
export interface UploadedFile {
  /** Where it was saved: pass it to previewImportFile / importDataset. */
  path: string;
  /** The name the person's file had. */
  name: string;
  bytes: number;
}

export interface ImportFileRequest {
  path: string;
  header?: boolean;
  delimiter?: string;
  /** Rows shown (default 10). */
  rows?: number;
}

export interface PreviewColumn {
  name: string;
  /** As a feature, what the CSV importer would make of it. */
  kind: 'numeric' | 'categorical' | 'text' | 'ignore';
  /** As a task, the kind it would get; null: not usable as a task (one value, no labels, too many classes). */
  task: 'binary' | 'multiclass' | 'regression' | null;
}

/** A CSV file before import: its first rows and each column's detected type. */
export interface ImportFilePreview {
  path: string;
  header: boolean;
  delimiter: string;
  columns: PreviewColumn[];
  rows: string[][];
  /** Rows the types were detected from, and whether that was the whole file. */
  rowsProfiled: number;
  complete: boolean;
}

export interface BuiltinRequest {
  source: string;
  name?: string;
  options?: Record<string, unknown>;
  seed?: number;
}

export interface RunFilter {
  status?: RunStatus;
  search?: string;
  datasetId?: string;
  includeBaselines?: boolean;
}

export interface WorkbenchApi {
  getSystemInfo(): Promise<SystemInfo>;
  /** integrity_check of the database file (reads every page: seconds on a large file). */
  checkDatabase(): Promise<DatabaseCheck>;

  listDatasetSources(): Promise<SourceListing[]>;
  listDatasets(): Promise<DatasetInfo[]>;
  getDataset(id: string): Promise<DatasetInfo>;
  previewDataset(id: string, rows?: number): Promise<DatasetPreview>;
  createBuiltinDataset(req: BuiltinRequest): Promise<DatasetInfo>;
  importDataset(req: ImportRequest): Promise<DatasetInfo>;
  /** A CSV file's first rows and detected column types, before importDataset. */
  previewImportFile(req: ImportFileRequest): Promise<ImportFilePreview>;
  deleteDataset(id: string): Promise<void>;

  listDesigns(): Promise<StoredDesign[]>;
  getDesign(id: string): Promise<StoredDesign>;
  saveDesign(req: { id?: string; name: string; notes?: string; design: Design }): Promise<StoredDesign>;
  deleteDesign(id: string): Promise<void>;
  validateDesign(design: Design): Promise<ValidationResult>;
  buildTemplate(req: { template: string; datasetIds: string[] }): Promise<Design>;
  exportDesignKeras(design: Design): Promise<string>;

  listStrategies(): Promise<StrategyInfo[]>;
  startRun(config: RunConfig): Promise<{ runIds: string[] }>;
  stopRun(id: string): Promise<void>;
  listRuns(filter?: RunFilter): Promise<RunRecord[]>;
  getRun(id: string): Promise<RunRecord>;
  getRunMetrics(id: string): Promise<MetricRow[]>;
  updateRun(id: string, patch: { tags?: string[]; notes?: string; name?: string }): Promise<RunRecord>;
  deleteRun(id: string): Promise<void>;
  compareRuns(req: { runIds: string[]; baselineRunIds?: string[] }): Promise<CompareResult>;
  /**
   * Runs' epoch-level curves in compact form (per run, per split, task and metric: one value per epoch),
   * in the order of req.runIds. What the Compare view draws; much smaller than getRunMetrics' rows.
   */
  getRunCurves(req: CurvesRequest): Promise<RunCurves[]>;
  exportRun(id: string): Promise<{ run: RunRecord; metrics: MetricRow[] }>;

  /** What a sweep spec expands to (runs per strategy, notes), without starting anything. */
  planSweep(spec: SweepSpec): Promise<SweepPlan>;
  /** Starts a sweep: its trials train one after another here, or on the queue's workers when one is configured. */
  startSweep(spec: SweepSpec): Promise<SweepRecord>;
  listSweeps(): Promise<SweepRecord[]>;
  getSweep(id: string): Promise<SweepDetail>;
  pauseSweep(id: string): Promise<SweepRecord>;
  resumeSweep(id: string): Promise<SweepRecord>;
  cancelSweep(id: string): Promise<SweepRecord>;
  /** The Redis run queue: configured, reachable, and its workers (host, backend, device, current runs). */
  getQueueStatus(): Promise<QueueStatus>;
}

/** Pushed from the Node side. */
export interface WorkbenchEvents {
  runProgress: RunProgress;
  runStatus: { runId: string; status: RunStatus; error?: string };
  runMetrics: { runId: string; rows: MetricRow[] };
  sweepStatus: { sweepId: string; status: SweepStatus };
}

export type ApiMethod = keyof WorkbenchApi;
export type EventName = keyof WorkbenchEvents;

/** Every verb, for transports that bind them one by one. */
export const API_METHODS: ApiMethod[] = [
  'getSystemInfo', 'checkDatabase',
  'listDatasetSources', 'listDatasets', 'getDataset', 'previewDataset', 'createBuiltinDataset', 'importDataset', 'previewImportFile', 'deleteDataset',
  'listDesigns', 'getDesign', 'saveDesign', 'deleteDesign', 'validateDesign', 'buildTemplate', 'exportDesignKeras',
  'listStrategies', 'startRun', 'stopRun', 'listRuns', 'getRun', 'getRunMetrics', 'updateRun', 'deleteRun', 'compareRuns', 'exportRun',
  'getRunCurves',
  'planSweep', 'startSweep', 'listSweeps', 'getSweep', 'pauseSweep', 'resumeSweep', 'cancelSweep', 'getQueueStatus',
];

/** Errors cross every transport as { code, message }; message names what is wrong and where. */
export interface ApiErrorShape {
  code: 'invalid-argument' | 'not-found' | 'conflict' | 'failed' | 'unauthorized' | 'internal';
  message: string;
}
