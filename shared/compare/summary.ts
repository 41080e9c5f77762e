// Best and last value of every task metric of one run, on its evaluation split.
import type { MetricRow, Split } from '../run.js';
import { METRICS, isHigherBetter } from '../metrics.js';
import { curvesOf, type CurvePoint } from './curves.js';
import { EVALUATION_SPLIT_ORDER } from './evaluation-split.js';

export interface MetricSummary {
  best: number;
  bestEpoch: number;
  last: number;
  lastEpoch: number;
}

export interface RunSummary {
  split: Split | null;
  /** task -> metric -> summary */
  tasks: Record<string, Record<string, MetricSummary>>;
}

/** From a run's rows. */
export function summarizeRun(rows: readonly MetricRow[]): RunSummary {
  return summarizeCurves(curvesOf(rows));
}

/** From a run's curves (curvesOf), so a caller that draws them reads the rows only once. */
export function summarizeCurves(curves: ReadonlyMap<string, readonly CurvePoint[]>): RunSummary {
  // The evaluation split: test where the run has task-metric rows there, else validation, else train.
  const parsed: { split: string; task: string; metric: string; points: readonly CurvePoint[] }[] = [];
  for (const [key, points] of curves) {
    const [split, task, metric] = key.split('\u001f');
    if (task === '' || split === 'diagnostics' || METRICS[metric] === undefined || points.length === 0) continue;
    parsed.push({ split, task, metric, points });
  }
  const split = EVALUATION_SPLIT_ORDER.find((s) => parsed.some((p) => p.split === s)) ?? null;
  const tasks: Record<string, Record<string, MetricSummary>> = {};
  for (const { split: s, task, metric, points } of parsed) {
    if (s !== split) continue;
    const higher = isHigherBetter(metric);
    let best: CurvePoint | null = null;
    let last: CurvePoint | null = null;
    for (const p of points) {
      if (!Number.isFinite(p.value)) continue;
      if (best === null || (higher ? p.value > best.value : p.value < best.value)) best = p;
      last = p;
    }
    if (best && last) (tasks[task] ??= {})[metric] = { best: best.value, bestEpoch: best.epoch, last: last.value, lastEpoch: last.epoch };
  }
  return { split, tasks };
}
