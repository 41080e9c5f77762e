// Types that cross the engine's seams: datasets in, events out, the executor behind the service.
import type { DatasetInfo } from '../../shared/dataset.js';
import type { MetricRow, RunConfig, RunProgress, RunStatus } from '../../shared/run.js';

/** A dataset in memory, ready for training. Produced by electron/datasets, consumed by the engine. */
export interface LoadedDataset {
  info: DatasetInfo;
  /**
   * Per feature name: flat row-major values, rows × prod(shape).
   * image: Float32 in [0, 1]; vector: Float32 standardised; categorical: Int32 index; text: Int32 token ids.
   */
  features: Record<string, Float32Array | Int32Array>;
  /** Per task name: class index (0/1 for binary) or value (regression); NaN marks a missing label. */
  labels: Record<string, Float32Array>;
  /** Row indices per split. */
  splits: { train: Int32Array; validation: Int32Array; test: Int32Array };
}

/** What a training run reports while it runs (worker -> main -> store and renderer). */
export type TrainEvent =
  | { type: 'started'; backend: string; device: string; versions: Record<string, string> }
  | ({ type: 'progress' } & RunProgress)
  | { type: 'metrics'; rows: MetricRow[] }
  | { type: 'finished'; status: Extract<RunStatus, 'completed' | 'failed' | 'stopped'>; error?: string; weightsEpoch?: number };

export interface RunJob {
  runId: string;
  config: RunConfig;
  /** The datasets the run draws on, as the service resolved them from its config (in config.datasets order). */
  datasets: DatasetInfo[];
  dataDir: string;
}

export type ExecutorEvent = { runId: string } & TrainEvent;

/** Runs jobs somewhere (a local worker today, a distributed queue later) and reports their events. */
export interface RunExecutor {
  /** Queues the job; jobs start in turn. */
  submit(job: RunJob): void;
  /** Stops a queued or running job at once; it finishes as 'stopped'. */
  stop(runId: string): void;
  onEvent(listener: (event: ExecutorEvent) => void): () => void;
  close(): Promise<void>;
}
