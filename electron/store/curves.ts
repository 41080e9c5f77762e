// The curve cache (table metric_curves): an ended run's metric rows folded into one row per (split, task,
// metric), epochs and values packed as Float64 BLOBs, with the extremes over every stored row. Compare and the
// runs list read a few dozen rows per run from it instead of thousands of metric rows. Written when a run ends
// (and at the migration that added it, for runs that had ended); a live run is read from its rows.
import type { MetricRow } from '../../shared/run.js';
import { columnCurves, type ColumnCurve } from '../../shared/compare/curves.js';
import type { Db } from './db.js';

/** A curve read back: values may be NaN (a stored NULL). */
export interface StoredCurve {
  split: ColumnCurve['split'];
  task: string;
  metric: string;
  epochs: ArrayLike<number>;
  values: ArrayLike<number>;
}

export interface CurveFilter {
  splits?: readonly string[];
  tasks?: readonly string[];
  metrics?: readonly string[];
}

export const packFloats = (xs: ArrayLike<number>): Buffer => Buffer.from(Float64Array.from(xs).buffer);

export function unpackFloats(b: Buffer): Float64Array {
  // SQLite hands back a fresh Buffer; copy only if it does not sit on an 8-byte boundary.
  if (b.byteOffset % 8 === 0) return new Float64Array(b.buffer, b.byteOffset, b.byteLength / 8);
  return new Float64Array(Uint8Array.from(b).buffer);
}

/** Curves plus, per curve, the smallest and largest finite value over all its rows (superseded steps too). */
export function buildCurves(rows: readonly MetricRow[]): { curve: ColumnCurve; min: number | null; max: number | null }[] {
  const extremes = new Map<string, { min: number; max: number }>();
  for (const r of rows) {
    if (!Number.isFinite(r.value)) continue;
    const key = `${r.split}\u001f${r.task}\u001f${r.metric}`;
    const e = extremes.get(key);
    if (!e) extremes.set(key, { min: r.value, max: r.value });
    else {
      if (r.value < e.min) e.min = r.value;
      if (r.value > e.max) e.max = r.value;
    }
  }
  return columnCurves(rows).map((curve) => {
    const e = extremes.get(`${curve.split}\u001f${curve.task}\u001f${curve.metric}`);
    return { curve, min: e?.min ?? null, max: e?.max ?? null };
  });
}

export function matches(c: { split: string; task: string; metric: string }, f: CurveFilter): boolean {
  return (!f.splits || f.splits.includes(c.split)) && (!f.tasks || f.tasks.includes(c.task)) && (!f.metrics || f.metrics.includes(c.metric));
}

/**
 * Replaces the run's cached curves with ones built from its rows and marks the run cached. Call inside a
 * transaction. Used by the metric repository and by the migration that created the table.
 */
export function writeCurveCache(db: Db, runId: string, rows: readonly MetricRow[]): void {
  db.prepare('DELETE FROM metric_curves WHERE run_id = ?').run(runId);
  const ins = db.prepare(
    'INSERT INTO metric_curves (run_id, pos, split, task, metric, epochs, vals, min_value, max_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  buildCurves(rows).forEach(({ curve: c, min, max }, pos) =>
    ins.run(runId, pos, c.split, c.task, c.metric, packFloats(c.epochs), packFloats(c.values), min, max),
  );
  db.prepare('UPDATE runs SET curves_cached = 1 WHERE id = ?').run(runId);
}
