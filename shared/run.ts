// Runs: what to train, how, and what comes back.
import type { Design } from './design.js';
import type { RunSummary } from './results/summary.js';

export const RUN_STATUSES = ['queued', 'running', 'completed', 'failed', 'stopped', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
/** Statuses of a run that has not ended yet (its rows and curves may still change). */
export const LIVE_STATUSES: readonly RunStatus[] = ['queued', 'running'];
export const isLive = (status: RunStatus): boolean => LIVE_STATUSES.includes(status);
export type Split = 'train' | 'validation' | 'test';
/** Engine backends in the automatic order (see electron/engine/backend.ts). */
export const BACKEND_NAMES = ['tensorflow-gpu', 'webgpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export interface OptimizerConfig {
  name: 'sgd' | 'adam' | 'adamw' | 'rmsprop';
  lr: number;
  momentum?: number;
  weightDecay?: number;
}

export type ScheduleConfig =
  | { kind: 'constant' }
  | { kind: 'step'; stepSize: number; gamma: number }
  | { kind: 'cosine'; minLr?: number }
  | { kind: 'exponential'; gamma: number };

export interface WeightingConfig {
  /** A key of the weighting strategy registry (electron/engine/weighting/registry.ts): 'ew', 'uw', 'pcgrad', 'nash-mtl', … */
  name: string;
  params: Record<string, unknown>;
}

export interface RunConfig {
  name?: string;
  designId?: string;
  design: Design;
  /** Dataset ids the design draws on (each Input/TaskHead names one of them). */
  datasets: string[];
  optimizer: OptimizerConfig;
  schedule: ScheduleConfig;
  epochs: number;
  batchSize: number;
  weighting: WeightingConfig;
  seed: number;
  backend?: BackendName;
  /** How the run's reported epoch is chosen on the validation split (absent: the default rule, see SelectionRule). */
  selection?: SelectionRule;
  /** Early stopping on a task metric of the validation split. */
  earlyStopping?: { task: string; metric: string; patience: number };
  /** Clip the global gradient norm. */
  clipNorm?: number;
  /** Measure lookahead task affinity (TAG) every N steps: shared/affinity.ts. */
  affinity?: { every: number; lr?: number };
  /** For designs drawing on several datasets: how each step picks tasks' batches. */
  sampling?: 'round-robin' | 'proportional';
  /** Cap on steps per epoch (tests, quick looks). */
  maxStepsPerEpoch?: number;
  /** Also train one single-task baseline per task with the same settings. */
  baselines?: boolean;
  /** Also train the same config with each of these seeds: one run per distinct seed (`seed` first), each with its own baselines. */
  seeds?: number[];
  tags?: string[];
}

/**
 * How one epoch of a run is selected, always on the validation split (train where a run has none); its test
 * values are then reported at that epoch. Absent from a config = 'default': 'delta-m' where the run has
 * baselines, else 'mean-normalized'.
 * - mean-normalized: the mean over tasks of each task's primary metric, each relative to its first epoch.
 * - delta-m: Δm of the validation values against the run's baselines (themselves selected the same way).
 * - total-loss: the lowest sum of the tasks' validation losses.
 * - task-metric: one task's metric.
 * - early-stopping: the metric early stopping watches (config.earlyStopping).
 */
export type SelectionRule =
  | { kind: 'default' }
  | { kind: 'mean-normalized' }
  | { kind: 'delta-m' }
  | { kind: 'total-loss' }
  | { kind: 'task-metric'; task: string; metric: string }
  | { kind: 'early-stopping' };

export interface RunRecord {
  id: string;
  name: string;
  status: RunStatus;
  config: RunConfig;
  designName: string;
  datasetIds: string[];
  weighting: string;
  backend: string | null;
  device: string | null;
  seed: number;
  versions: Record<string, string>;
  /** For a single-task baseline: the MTL run it belongs to and its task. */
  baselineOf: string | null;
  baselineTask: string | null;
  tags: string[];
  notes: string;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** The run's numbers: the epoch selected on validation and every task's values at it (shared/results/summary.ts). */
  summary: RunSummary | null;
  /** The epoch whose weights the run's artifacts hold; null where none were saved. */
  weightsEpoch: number | null;
}

export interface MetricRow {
  runId: string;
  epoch: number;
  step: number;
  split: Split | 'diagnostics';
  /** Task name; '' for run-wide values such as the total loss. For gradient cosines: 'taskA|taskB'. */
  task: string;
  /** 'loss', 'weighted_loss', 'accuracy', 'f1', 'auc', 'mse', 'mae', 'rmse', 'r2', 'weight', 'grad_norm', 'grad_cos', 'lr', 'samples_per_sec'. */
  metric: string;
  value: number;
}

export interface RunProgress {
  runId: string;
  epoch: number;
  epochs: number;
  step: number;
  stepsPerEpoch: number;
  samplesPerSec: number;
  etaSec: number;
  /** Latest batch losses per task and total. */
  losses: Record<string, number>;
}
