// The curve cache (table metric_curves): an ended run's metric rows folded into one row per (split, task,
// metric), epochs and values packed as Float64 BLOBs (NaN where an epoch has no finite value). Compare and the
// runs list read a few dozen rows per run from it instead of thousands of metric rows. Written when a run ends;
// a live run is read from its rows. The curves are CurveData (shared/compare.ts) in and out.
import type { MetricRow } from '../../shared/run.js';
import type { CurveData } from '../../shared/compare/types.js';
import { curveEpochs, curvesOfRows, packCurve } from '../../shared/compare/curves.js';
import type { Db } from './db.js';

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

/** One cached row back as a curve. */
export function unpackCurve(split: string, task: string, metric: string, epochs: Buffer, vals: Buffer): CurveData {
  return packCurve(split as CurveData['split'], task, metric, unpackFloats(epochs), unpackFloats(vals));
}

export function matches(c: { split: string; task: string; metric: string }, f: CurveFilter): boolean {
  return (!f.splits || f.splits.includes(c.split)) && (!f.tasks || f.tasks.includes(c.task)) && (!f.metrics || f.metrics.includes(c.metric));
}

/**
 * Replaces the run's cached curves with ones built from its rows and marks the run cached. Call inside a
 * transaction.
 */
export function writeCurveCache(db: Db, runId: string, rows: readonly MetricRow[]): void {
  db.prepare('DELETE FROM metric_curves WHERE run_id = ?').run(runId);
  const ins = db.prepare('INSERT INTO metric_curves (run_id, pos, split, task, metric, epochs, vals) VALUES (?, ?, ?, ?, ?, ?, ?)');
  curvesOfRows(rows).forEach((c, pos) =>
    ins.run(runId, pos, c.split, c.task, c.metric, packFloats(curveEpochs(c)), packFloats(c.values.map((v) => v ?? Number.NaN))),
  );
  db.prepare('UPDATE runs SET curves_cached = 1 WHERE id = ?').run(runId);
}
