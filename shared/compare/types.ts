// What compareRuns returns. The pure computation (table, seed statistics, Δm, Pareto) lives beside it in compare/;
// every value comes from the runs' summaries (shared/results/summary.ts).
import type { RunStatus, Split } from '../run.js';
import type { AppliedRule } from '../results/summary.js';
import type { SeedStats, WelchTest } from '../results/stats.js';

export interface CompareCell {
  /** The reported split's value at the run's selected epoch (selections[runId]). */
  value: number | null;
  /** The same split's value at the last epoch. */
  last: number | null;
  /** Over the run's seed group (compared runs that differ only in seed), the same for every member; n = 1 alone. */
  stats?: SeedStats;
  /** Welch's t-test of the run's seed group against the reference group (null where either has under 2 seeds). */
  welch?: WelchTest | null;
}

/** How a run's numbers were chosen: what every value of its column is labelled with. */
export interface RunSelection {
  /** The selected epoch (null where the run has no epoch to select). */
  epoch: number | null;
  rule: AppliedRule;
  /** The split the epoch was selected on. */
  split: 'validation' | 'train' | null;
  /** The split the values come from (test where the run has test values). */
  reportSplit: Split | null;
  /** The epoch the run's saved weights are from. */
  weightsEpoch: number | null;
  note?: string;
}

export interface CompareResult {
  runIds: string[];
  /** One row per (task, metric), with the metric's direction; bestRunId by `value`. */
  rows: { task: string; metric: string; higherIsBetter: boolean; cells: Record<string, CompareCell>; bestRunId: string | null }[];
  /** Δm% per run against the baseline (positive = better than the baseline). null where no baseline covers the run's tasks. */
  deltaM: Record<string, number | null>;
  baselineRunIds: string[];
  /** Config keys whose values differ between the runs: dotted path -> value per run. */
  configDiff: Record<string, Record<string, unknown>>;
  /** Per run: the selected epoch, the rule, the splits. */
  selections: Record<string, RunSelection>;
  /** Δm% per run and task (the mean over that task's metrics); null where no baseline covers the task. */
  deltaMByTask?: Record<string, Record<string, number | null>>;
  /** Groups of 2+ compared runs whose configs differ only in seed (the statistics are over each group). */
  seedGroups?: string[][];
  /** The group the Welch tests compare against: the first compared run's. */
  referenceGroup?: string[];
  /** Per run: Δm% over its seed group, and Welch's test of it against the reference group's. */
  deltaMStats?: Record<string, SeedStats>;
  deltaMWelch?: Record<string, WelchTest | null>;
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
  /** Only where the epochs are too sparse for the dense form (or steps are given): values[i] belongs to epochs[i]. */
  epochs?: number[];
  /** Only from curvesOfRows(rows, { steps: true }): the step of values[i]'s row. */
  steps?: number[];
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
