// What compareRuns returns. The pure computation (best/last, mean ± std, Δm, Pareto) lives in compare/.
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
}
