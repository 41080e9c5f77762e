// A metric's curve, one shape from store to wire to UI: CurveData (shared/compare.ts), one value per epoch
// (the row with the highest step wins where an epoch has several). curvesOfRows folds rows into it,
// packCurve builds it from parallel arrays (the store's cache), curveEpochs/curvePoints read it back.
import type { MetricRow } from '../run.js';
import type { CurveData } from './types.js';

interface Fold {
  epochs: number[];
  steps: number[];
  values: number[];
  sorted: boolean;
}

/**
 * Every curve of a run, in the order the rows first name them (split, then task, then metric).
 * @param opts.steps also give each value's step (the live view's x by step); the epochs are then listed.
 */
export function curvesOfRows(rows: readonly MetricRow[], opts: { steps?: boolean } = {}): CurveData[] {
  // Nested maps: no string building per row (runs have tens of thousands of rows).
  const acc = new Map<string, Map<string, Map<string, Fold>>>();
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
  const out: CurveData[] = [];
  for (const [split, bySplit] of acc) {
    for (const [task, byTask] of bySplit) {
      for (const [metric, c] of byTask) {
        const { epochs, steps, values } = c.sorted ? c : unordered(c);
        const curve = packCurve(split as CurveData['split'], task, metric, epochs, values);
        out.push(opts.steps ? { ...curve, values: values.map((v) => (Number.isFinite(v) ? v : null)), epochs, steps } : curve);
      }
    }
  }
  return out;
}

/** Rows out of epoch order: one point per epoch, the highest step winning, sorted. */
function unordered(c: { epochs: number[]; steps: number[]; values: number[] }): { epochs: number[]; steps: number[]; values: number[] } {
  const byEpoch = new Map<number, { step: number; value: number }>();
  for (let i = 0; i < c.epochs.length; i++) {
    const prev = byEpoch.get(c.epochs[i]);
    if (!prev || c.steps[i] >= prev.step) byEpoch.set(c.epochs[i], { step: c.steps[i], value: c.values[i] });
  }
  const sorted = [...byEpoch].sort((a, b) => a[0] - b[0]);
  return { epochs: sorted.map(([e]) => e), steps: sorted.map(([, v]) => v.step), values: sorted.map(([, v]) => v.value) };
}

export function curveKey(split: string, task: string, metric: string): string {
  return `${split}\u001f${task}\u001f${metric}`;
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

/** The epoch of each value of a curve. */
export function curveEpochs(c: CurveData): number[] {
  return c.epochs ?? Array.from({ length: c.values.length }, (_, i) => c.firstEpoch + i);
}

/** [epoch, value] for each epoch with a value (for charts). */
export function curvePoints(c: CurveData | undefined): [number, number][] {
  if (!c) return [];
  const out: [number, number][] = [];
  for (let i = 0; i < c.values.length; i++) {
    const v = c.values[i];
    if (v !== null) out.push([c.epochs ? c.epochs[i] : c.firstEpoch + i, v]);
  }
  return out;
}

/** A run's curves by curveKey. */
export function curveIndex(curves: Iterable<CurveData>): Map<string, CurveData> {
  const out = new Map<string, CurveData>();
  for (const c of curves) out.set(curveKey(c.split, c.task, c.metric), c);
  return out;
}
