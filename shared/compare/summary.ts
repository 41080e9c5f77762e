// Best and last value of every task metric of one run, on its evaluation split.
import type { MetricRow, Split } from '../run.js';
import type { CurveData } from '../compare.js';
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

/** One curve, however it is held: n points, read by index (a value may be NaN or null: skipped). */
interface CurveView {
  split: string;
  task: string;
  metric: string;
  n: number;
  epoch(i: number): number;
  value(i: number): number | null;
}

/** From a run's rows. */
export function summarizeRun(rows: readonly MetricRow[]): RunSummary {
  return summarizeCurves(curvesOf(rows));
}

/** From a run's curves (curvesOf), so a caller that draws them reads the rows only once. */
export function summarizeCurves(curves: ReadonlyMap<string, readonly CurvePoint[]>): RunSummary {
  const views: CurveView[] = [];
  for (const [key, points] of curves) {
    const [split, task, metric] = key.split('\u001f');
    views.push({ split, task, metric, n: points.length, epoch: (i) => points[i].epoch, value: (i) => points[i].value });
  }
  return summarize(views);
}

/** From a run's curves in compact form (getRunCurves), without unpacking them into points. */
export function summarizeCompact(curves: Iterable<CurveData>): RunSummary {
  const views: CurveView[] = [];
  for (const c of curves) {
    const { values, epochs, firstEpoch } = c;
    views.push({
      split: c.split, task: c.task, metric: c.metric, n: values.length,
      epoch: epochs ? (i) => epochs[i] : (i) => firstEpoch + i,
      value: (i) => values[i],
    });
  }
  return summarize(views);
}

/** From columnar curves (the store's curve cache): parallel epochs and values, NaN where a value is not finite. */
export function summarizeColumns(curves: Iterable<{ split: string; task: string; metric: string; epochs: ArrayLike<number>; values: ArrayLike<number> }>): RunSummary {
  const views: CurveView[] = [];
  for (const c of curves) {
    const { epochs, values } = c;
    views.push({ split: c.split, task: c.task, metric: c.metric, n: values.length, epoch: (i) => epochs[i], value: (i) => values[i] });
  }
  return summarize(views);
}

function summarize(curves: readonly CurveView[]): RunSummary {
  // The evaluation split: test where the run has task-metric values there, else validation, else train.
  const parsed = curves.filter((c) => c.task !== '' && c.split !== 'diagnostics' && METRICS[c.metric] !== undefined && hasValue(c));
  const split = EVALUATION_SPLIT_ORDER.find((s) => parsed.some((p) => p.split === s)) ?? null;
  const tasks: Record<string, Record<string, MetricSummary>> = {};
  for (const c of parsed) {
    if (c.split !== split) continue;
    const higher = isHigherBetter(c.metric);
    let best = -1;
    let bestValue = 0;
    let last = -1;
    for (let i = 0; i < c.n; i++) {
      const v = c.value(i);
      if (v === null || !Number.isFinite(v)) continue;
      if (best < 0 || (higher ? v > bestValue : v < bestValue)) {
        best = i;
        bestValue = v;
      }
      last = i;
    }
    if (best >= 0) (tasks[c.task] ??= {})[c.metric] = { best: bestValue, bestEpoch: c.epoch(best), last: c.value(last)!, lastEpoch: c.epoch(last) };
  }
  return { split, tasks };
}

/**
 * A curve counts for the evaluation split once it has a point (rows-based curves: any point, NaN too, as
 * before; compact curves: a non-null value, since a gap and a NaN both read as null there).
 */
function hasValue(c: CurveView): boolean {
  for (let i = 0; i < c.n; i++) if (c.value(i) !== null) return true;
  return false;
}
