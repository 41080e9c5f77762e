// What compareRuns returns. The pure computation (best/last, mean ± std, Δm, Pareto) lives in compare/.
import type { Split } from './run.js';

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
