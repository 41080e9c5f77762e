// A metric's curve: one value per epoch (the row with the highest step wins where an epoch has several).
import type { MetricRow } from '../run.js';

export interface CurvePoint {
  epoch: number;
  value: number;
}

/** Every curve of a run at once, keyed by curveKey(split, task, metric), points sorted by epoch. */
export function curvesOf(rows: readonly MetricRow[]): Map<string, CurvePoint[]> {
  const acc = new Map<string, Map<number, { step: number; value: number }>>();
  for (const row of rows) {
    const key = curveKey(row.split, row.task, row.metric);
    let byEpoch = acc.get(key);
    if (!byEpoch) acc.set(key, (byEpoch = new Map()));
    const prev = byEpoch.get(row.epoch);
    if (!prev || row.step >= prev.step) byEpoch.set(row.epoch, { step: row.step, value: row.value });
  }
  const out = new Map<string, CurvePoint[]>();
  for (const [key, byEpoch] of acc) {
    const points: CurvePoint[] = [];
    for (const [epoch, { value }] of byEpoch) points.push({ epoch, value });
    points.sort((a, b) => a.epoch - b.epoch);
    out.set(key, points);
  }
  return out;
}

export function curveKey(split: string, task: string, metric: string): string {
  return `${split}\u001f${task}\u001f${metric}`;
}

/** One curve of a run. */
export function curveOf(rows: readonly MetricRow[], split: string, task: string, metric: string): CurvePoint[] {
  return curvesOf(rows.filter((r) => r.split === split && r.task === task && r.metric === metric)).get(curveKey(split, task, metric)) ?? [];
}
