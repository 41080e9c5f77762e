// Best and last value of every task metric of one run, on its evaluation split.
import type { MetricRow, Split } from '../run.js';
import { isHigherBetter } from '../metrics.js';
import { curvesOf } from './curves.js';
import { evaluationSplit, isTaskMetricRow } from './evaluation-split.js';

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

export function summarizeRun(rows: readonly MetricRow[], split: Split | null = evaluationSplit(rows)): RunSummary {
  const tasks: Record<string, Record<string, MetricSummary>> = {};
  if (!split) return { split, tasks };
  const own = rows.filter((r) => r.split === split && isTaskMetricRow(r));
  for (const [key, points] of curvesOf(own)) {
    const [, task, metric] = key.split('\u001f');
    const finite = points.filter((p) => Number.isFinite(p.value));
    if (finite.length === 0) continue;
    const higher = isHigherBetter(metric);
    let best = finite[0];
    for (const p of finite) if (higher ? p.value > best.value : p.value < best.value) best = p;
    const last = finite[finite.length - 1];
    (tasks[task] ??= {})[metric] = { best: best.value, bestEpoch: best.epoch, last: last.value, lastEpoch: last.epoch };
  }
  return { split, tasks };
}
