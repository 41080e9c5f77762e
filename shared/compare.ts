// What compareRuns returns. The pure computation (best/last, mean ± std, Δm, Pareto) lives in compare/.
import type { RunStatus, Split } from './run.js';

export interface CompareCell {
  best: number | null;
  last: number | null;
  /** Set where the compared runs differ only in seed: mean and std over the seed group. */
  mean?: number;
  std?: number;
}

export interface CompareResult {
  runIds: string[];
  /** One row per (task, metric), with the metric's direction. */
  rows: { task: string; metric: string; higherIsBetter: boolean; cells: Record<string, CompareCell>; bestRunId: string | null }[];
  /** Δm% per run against the baseline (positive = better than the baseline). null where no baseline covers the run's tasks. */
  deltaM: Record<string, number | null>;
  baselineRunIds: string[];
  /** Config keys whose values differ between the runs: dotted path -> value per run. */
  configDiff: Record<string, Record<string, unknown>>;
  /** The split each run's values come from: 'test' where the run has test rows, else 'validation', else 'train'. */
  evaluationSplits?: Record<string, Split>;
  /** Δm% per run and task (the mean over that task's metrics); null where no baseline covers the task. */
  deltaMByTask?: Record<string, Record<string, number | null>>;
  /** Groups of 2+ compared runs whose configs differ only in seed (mean ± std is over each group). */
  seedGroups?: string[][];
}

/**
 * One curve in compact, columnar form (getRunCurves): one value per epoch. The value of an epoch is that of
 * its row with the highest step (the last such row where several tie).
 */
export interface CurveData {
  split: Split | 'diagnostics';
  task: string;
  metric: string;
  /** The epoch of values[0]; values[i] belongs to epoch firstEpoch + i (unless `epochs` is given). */
  firstEpoch: number;
  /** One value per epoch; null where the epoch has no finite value (no row there, or a NaN). */
  values: (number | null)[];
  /** Only where the epochs are too sparse for the dense form: values[i] belongs to epochs[i]. */
  epochs?: number[];
}

/** A run's curves, in the order its rows first named them. */
export interface RunCurves {
  runId: string;
  /** The run's status when its curves were read: those of an ended run no longer change. */
  status: RunStatus;
  /** Every split the run has curves on, also those the request left out (so a caller can ask for them later). */
  splits: (Split | 'diagnostics')[];
  curves: CurveData[];
}

/** Which curves to read; an absent filter means all. */
export interface CurvesRequest {
  runIds: string[];
  splits?: (Split | 'diagnostics')[];
  tasks?: string[];
  metrics?: string[];
}
