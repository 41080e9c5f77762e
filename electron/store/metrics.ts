// Metric rows (run, epoch, step, split, task, metric, value); one transaction per batch of rows.
// An ended run's rows are also folded into the curve cache (curves.ts), which curves() reads.
import { isLive, type MetricRow, type RunStatus, type Split } from '../../shared/run.js';
import type { CurveData } from '../../shared/compare/types.js';
import { curvesOfRows } from '../../shared/compare/curves.js';
import { write, type Db } from './db.js';
import { matches, unpackCurve, writeCurveCache, type CurveFilter } from './curves.js';

interface Row {
  run_id: string;
  epoch: number;
  step: number;
  split: Split | 'diagnostics';
  task: string;
  metric: string;
  value: number | null;
}

const fromRow = (r: Row): MetricRow => ({
  runId: r.run_id,
  epoch: r.epoch,
  step: r.step,
  split: r.split,
  task: r.task,
  metric: r.metric,
  // SQLite stores NaN as NULL; a diverged loss reads back as NaN.
  value: r.value === null ? Number.NaN : r.value,
});

/** A JSON list for `IN (SELECT value FROM json_each(?))`, or null for "no filter". */
const jsonList = (xs: readonly string[] | undefined): string | null => (xs ? JSON.stringify(xs) : null);

export function createMetricRepo(db: Db) {
  const ins = db.prepare('INSERT INTO metrics (run_id, epoch, step, split, task, metric, value) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const byRun = db.prepare<[string], Row>('SELECT * FROM metrics WHERE run_id = ? ORDER BY rowid');
  const count = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM metrics WHERE run_id = ?');
  /** Rows arriving for a run whose curves are cached (an ended run): the cache and the stored summary are stale. */
  const uncache = db.prepare('UPDATE runs SET curves_cached = 0, summary_json = NULL WHERE id = ? AND curves_cached = 1');
  const cachedState = db.prepare<[string], { curves_cached: number; status: RunStatus }>('SELECT curves_cached, status FROM runs WHERE id = ?');
  const cachedSplits = db.prepare<[string], string>('SELECT split FROM metric_curves WHERE run_id = ? GROUP BY split ORDER BY MIN(pos)').pluck();
  // Per run over the curve cache's primary key (run_id, pos): a few dozen rows, in the order the rows named them.
  const cachedCurves = db
    .prepare<[{ run: string; splits: string | null; tasks: string | null; metrics: string | null }], [string, string, string, Buffer, Buffer]>(
      `SELECT split, task, metric, epochs, vals FROM metric_curves WHERE run_id = @run
         AND (@splits IS NULL OR split IN (SELECT value FROM json_each(@splits)))
         AND (@tasks IS NULL OR task IN (SELECT value FROM json_each(@tasks)))
         AND (@metrics IS NULL OR metric IN (SELECT value FROM json_each(@metrics)))
       ORDER BY pos`,
    )
    .raw();
  const list = (runId: string): MetricRow[] => byRun.all(runId).map(fromRow);
  const cache = (runId: string): void => writeCurveCache(db, runId, list(runId));
  /** An ended run without cached curves (a file older than the cache, or a write that failed) gets them when first read. */
  const cacheLazily = (runId: string): boolean => {
    try {
      db.transaction(() => cache(runId))();
      return true;
    } catch {
      return false; // a full disk or a read-only file: read from the rows, try again next time
    }
  };
  const curvesOf = (runId: string, cached: boolean, filter: CurveFilter): { splits: CurveData['split'][]; curves: CurveData[] } => {
    if (!cached) {
      const all = curvesOfRows(list(runId));
      return { splits: [...new Set(all.map((c) => c.split))], curves: all.filter((c) => matches(c, filter)) };
    }
    const curves = cachedCurves
      .all({ run: runId, splits: jsonList(filter.splits), tasks: jsonList(filter.tasks), metrics: jsonList(filter.metrics) })
      .map(([split, task, metric, epochs, vals]) => unpackCurve(split, task, metric, epochs, vals));
    return { splits: cachedSplits.all(runId) as CurveData['split'][], curves };
  };

  return {
    /** All rows of one event in one transaction: either all are stored or none. */
    insert(rows: MetricRow[]): void {
      if (rows.length === 0) return;
      write(db, 'the metrics table', () => {
        let last = '';
        const stale = new Set<string>();
        for (const r of rows) {
          ins.run(r.runId, r.epoch, r.step, r.split, r.task, r.metric, Number.isFinite(r.value) ? r.value : null);
          if (r.runId !== last && uncache.run(r.runId).changes > 0) stale.add(r.runId);
          last = r.runId;
        }
        for (const id of stale) cache(id); // rows after the run ended (rare): rebuild its curves
      });
    },
    list,
    count(runId: string): number {
      return count.get(runId)!.n;
    },
    /** Folds an ended run's rows into the curve cache (runs.finish calls it). */
    cacheCurves(runId: string): void {
      write(db, 'the metric_curves table', () => cache(runId));
    },
    /**
     * A run's status, the splits it has curves on, and its curves (those the filter lets through), one value
     * per epoch (the highest step's), in the order its rows first named them; from the cache for an ended
     * run, else from its rows. undefined where the run does not exist.
     */
    curves(runId: string, filter: CurveFilter = {}): { status: RunStatus; splits: CurveData['split'][]; curves: CurveData[] } | undefined {
      return db.transaction(() => {
        const state = cachedState.get(runId);
        if (!state) return undefined;
        const cached = state.curves_cached === 1 || (!isLive(state.status) && cacheLazily(runId));
        return { status: state.status, ...curvesOf(runId, cached, filter) };
      })();
    },
  };
}

export type MetricRepo = ReturnType<typeof createMetricRepo>;
