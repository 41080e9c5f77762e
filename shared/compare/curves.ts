// A metric's curve: one value per epoch (the row with the highest step wins where an epoch has several).
import type { MetricRow } from '../run.js';

export interface CurvePoint {
  epoch: number;
  value: number;
}

/** Every curve of a run at once, keyed by curveKey(split, task, metric), points sorted by epoch. */
export function curvesOf(rows: readonly MetricRow[]): Map<string, CurvePoint[]> {
  // Nested maps: no string building per row (runs have tens of thousands of rows).
  const acc = new Map<string, Map<string, Map<string, { epochs: number[]; steps: number[]; values: number[]; sorted: boolean }>>>();
  for (const row of rows) {
    let bySplit = acc.get(row.split);
    if (!bySplit) acc.set(row.split, (bySplit = new Map()));
    let byTask = bySplit.get(row.task);
    if (!byTask) bySplit.set(row.task, (byTask = new Map()));
    let c = byTask.get(row.metric);
    if (!c) byTask.set(row.metric, (c = { epochs: [], steps: [], values: [], sorted: true }));
    const n = c.epochs.length;
    if (n > 0 && c.epochs[n - 1] === row.epoch) {
      // Same epoch again (the usual case is rows in order): keep the later step.
      if (row.step >= c.steps[n - 1]) {
        c.steps[n - 1] = row.step;
        c.values[n - 1] = row.value;
      }
      continue;
    }
    if (n > 0 && row.epoch < c.epochs[n - 1]) c.sorted = false;
    c.epochs.push(row.epoch);
    c.steps.push(row.step);
    c.values.push(row.value);
  }
  const out = new Map<string, CurvePoint[]>();
  for (const [split, bySplit] of acc) {
    for (const [task, byTask] of bySplit) {
      for (const [metric, c] of byTask) out.set(curveKey(split, task, metric), c.sorted ? points(c) : pointsUnordered(c));
    }
  }
  return out;
}

function points(c: { epochs: number[]; values: number[] }): CurvePoint[] {
  const p: CurvePoint[] = new Array(c.epochs.length);
  for (let i = 0; i < p.length; i++) p[i] = { epoch: c.epochs[i], value: c.values[i] };
  return p;
}

/** Rows out of epoch order: one point per epoch, the highest step winning, sorted. */
function pointsUnordered(c: { epochs: number[]; steps: number[]; values: number[] }): CurvePoint[] {
  const byEpoch = new Map<number, { step: number; value: number }>();
  for (let i = 0; i < c.epochs.length; i++) {
    const prev = byEpoch.get(c.epochs[i]);
    if (!prev || c.steps[i] >= prev.step) byEpoch.set(c.epochs[i], { step: c.steps[i], value: c.values[i] });
  }
  return [...byEpoch].map(([epoch, { value }]) => ({ epoch, value })).sort((a, b) => a.epoch - b.epoch);
}

export function curveKey(split: string, task: string, metric: string): string {
  return `${split}\u001f${task}\u001f${metric}`;
}

/** One curve of a run. */
export function curveOf(rows: readonly MetricRow[], split: string, task: string, metric: string): CurvePoint[] {
  return curvesOf(rows.filter((r) => r.split === split && r.task === task && r.metric === metric)).get(curveKey(split, task, metric)) ?? [];
}
