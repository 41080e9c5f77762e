// Δm% (Maninis et al. 2019; Vandenhende et al.; LibMTL): how much better a multi-task run is than
// single-task baselines, averaged so that every task counts the same:
//   Δm% = mean over tasks t of ( mean over t's metrics m of  s_m · (M_{t,m} − B_{t,m}) / |B_{t,m}| · 100 )
// with s_m = +1 where higher is better and −1 where lower is better, so positive always means better.
// M and B are the test values at each run's selected epoch (shared/results/summary.ts: selected on validation,
// the baselines selected the same way); for selection by Δm, the validation values. The loss counts only for
// a task that has no other metric. A metric whose baseline is 0 (no relative change defined) is skipped.
import { isHigherBetter } from '../metrics.js';
import { mean } from '../results/stats.js';

/** s · (value − baseline) / |baseline| · 100, or null where baseline is 0 or either is not finite. */
export function relativeImprovement(value: number, baseline: number, higherIsBetter: boolean): number | null {
  if (!Number.isFinite(value) || !Number.isFinite(baseline) || baseline === 0) return null;
  const sign = higherIsBetter ? 1 : -1;
  return (sign * (value - baseline) / Math.abs(baseline)) * 100;
}

/** The metrics of a task that Δm averages: all but the loss, or the loss alone where it is all there is. */
export function deltaMetrics(metrics: readonly string[]): string[] {
  const rest = metrics.filter((m) => m !== 'loss');
  return rest.length > 0 ? rest : metrics.filter((m) => m === 'loss');
}

export interface DeltaM {
  /** null where some task of the run has no baseline value. */
  total: number | null;
  byTask: Record<string, number | null>;
}

/**
 * @param values the run's value per task and metric (null where it has none).
 * @param baselineValue the baseline's value for (task, metric), or null where no baseline covers it.
 */
export function deltaM(values: Record<string, Record<string, number | null>>, baselineValue: (task: string, metric: string) => number | null): DeltaM {
  const byTask: Record<string, number | null> = {};
  const tasks = Object.keys(values);
  for (const task of tasks) {
    const parts: number[] = [];
    for (const metric of deltaMetrics(Object.keys(values[task]))) {
      const b = baselineValue(task, metric);
      const v = values[task][metric];
      if (b === null || v === null) continue;
      const d = relativeImprovement(v, b, isHigherBetter(metric));
      if (d !== null) parts.push(d);
    }
    byTask[task] = parts.length > 0 ? mean(parts) : null;
  }
  const perTask = tasks.map((t) => byTask[t]);
  const total = perTask.length > 0 && perTask.every((v) => v !== null) ? mean(perTask as number[]) : null;
  return { total, byTask };
}
