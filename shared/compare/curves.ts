// A metric's curve: one value per epoch (the row with the highest step wins where an epoch has several).
// Rows -> curves (curvesOf, columnCurves), and the compact form that getRunCurves sends (packCurve, unpackCurves).
import type { MetricRow } from '../run.js';
import type { CurveData } from '../compare.js';

export interface CurvePoint {
  epoch: number;
  value: number;
}

/** One curve as two parallel arrays, epochs ascending. Values may be NaN (a stored NaN). */
export interface ColumnCurve {
  split: MetricRow['split'];
  task: string;
  metric: string;
  epochs: number[];
  values: number[];
}

/** Every curve of a run, columnar, in the order the rows first name them (split, then task, then metric). */
export function columnCurves(rows: readonly MetricRow[]): ColumnCurve[] {
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
  const out: ColumnCurve[] = [];
  for (const [split, bySplit] of acc) {
    for (const [task, byTask] of bySplit) {
      for (const [metric, c] of byTask) {
        const { epochs, values } = c.sorted ? c : unordered(c);
        out.push({ split: split as ColumnCurve['split'], task, metric, epochs, values });
      }
    }
  }
  return out;
}

/** Every curve of a run at once, keyed by curveKey(split, task, metric), points sorted by epoch. */
export function curvesOf(rows: readonly MetricRow[]): Map<string, CurvePoint[]> {
  const out = new Map<string, CurvePoint[]>();
  for (const c of columnCurves(rows)) out.set(curveKey(c.split, c.task, c.metric), pointsOf(c.epochs, c.values));
  return out;
}

/** Parallel arrays -> points (NaN kept: the summaries skip it). */
export function pointsOf(epochs: ArrayLike<number>, values: ArrayLike<number>): CurvePoint[] {
  const p: CurvePoint[] = new Array(epochs.length);
  for (let i = 0; i < p.length; i++) p[i] = { epoch: epochs[i], value: values[i] };
  return p;
}

/** Rows out of epoch order: one point per epoch, the highest step winning, sorted. */
function unordered(c: { epochs: number[]; steps: number[]; values: number[] }): { epochs: number[]; values: number[] } {
  const byEpoch = new Map<number, { step: number; value: number }>();
  for (let i = 0; i < c.epochs.length; i++) {
    const prev = byEpoch.get(c.epochs[i]);
    if (!prev || c.steps[i] >= prev.step) byEpoch.set(c.epochs[i], { step: c.steps[i], value: c.values[i] });
  }
  const sorted = [...byEpoch].sort((a, b) => a[0] - b[0]);
  return { epochs: sorted.map(([e]) => e), values: sorted.map(([, v]) => v.value) };
}

export function curveKey(split: string, task: string, metric: string): string {
  return `${split}\u001f${task}\u001f${metric}`;
}

/** One curve of a run. */
export function curveOf(rows: readonly MetricRow[], split: string, task: string, metric: string): CurvePoint[] {
  return curvesOf(rows.filter((r) => r.split === split && r.task === task && r.metric === metric)).get(curveKey(split, task, metric)) ?? [];
}

/**
 * The compact form: values indexed by epoch from firstEpoch, null for a gap or a non-finite value. Epochs that
 * are not integers, or too sparse for that (a gap wider than the values), are listed explicitly instead.
 */
export function packCurve(split: CurveData['split'], task: string, metric: string, epochs: ArrayLike<number>, values: ArrayLike<number>): CurveData {
  const n = epochs.length;
  const first = n > 0 ? epochs[0] : 0;
  const span = n > 0 ? epochs[n - 1] - first + 1 : 0;
  let integral = true;
  for (let i = 0; i < n && integral; i++) integral = Number.isInteger(epochs[i]);
  // Built by push, so that a curve without gaps stays an array of unboxed doubles (cheap to build and to send).
  const finite = (v: number) => (Number.isFinite(v) ? v : null);
  const out: (number | null)[] = [];
  if (integral && span <= 2 * n + 16) {
    let next = first;
    for (let i = 0; i < n; i++) {
      for (; next < epochs[i]; next++) out.push(null);
      out.push(finite(values[i]));
      next = epochs[i] + 1;
    }
    return { split, task, metric, firstEpoch: first, values: out };
  }
  for (let i = 0; i < n; i++) out.push(finite(values[i]));
  return { split, task, metric, firstEpoch: first, values: out, epochs: Array.from(epochs) };
}

/** The points of one compact curve (epochs without a finite value left out). */
export function unpackCurve(c: CurveData): CurvePoint[] {
  const out: CurvePoint[] = [];
  for (let i = 0; i < c.values.length; i++) {
    const v = c.values[i];
    if (v !== null) out.push({ epoch: c.epochs ? c.epochs[i] : c.firstEpoch + i, value: v });
  }
  return out;
}

/** A run's compact curves -> the map that curvesOf builds from rows. */
export function unpackCurves(curves: readonly CurveData[]): Map<string, CurvePoint[]> {
  const out = new Map<string, CurvePoint[]>();
  for (const c of curves) out.set(curveKey(c.split, c.task, c.metric), unpackCurve(c));
  return out;
}
