// Metric rows (run, epoch, step, split, task, metric, value); one transaction per batch of rows.
import type { MetricRow, Split } from '../../shared/run.js';
import { METRICS, isHigherBetter } from '../../shared/metrics.js';
import { write, type Db } from './db.js';

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

export type BestByRun = Record<string, Record<string, Record<string, number>>>;

export function createMetricRepo(db: Db) {
  const ins = db.prepare('INSERT INTO metrics (run_id, epoch, step, split, task, metric, value) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const byRun = db.prepare<[string], Row>('SELECT * FROM metrics WHERE run_id = ? ORDER BY rowid');
  const count = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM metrics WHERE run_id = ?');
  const extremes = db.prepare<[string], { run_id: string; task: string; metric: string; split: string; mn: number | null; mx: number | null }>(
    `SELECT run_id, task, metric, split, MIN(value) AS mn, MAX(value) AS mx FROM metrics
     WHERE run_id IN (SELECT value FROM json_each(?)) AND split IN ('validation', 'train') AND task != ''
     GROUP BY run_id, task, metric, split`,
  );

  return {
    /** All rows of one event in one transaction: either all are stored or none. */
    insert(rows: MetricRow[]): void {
      if (rows.length === 0) return;
      write(db, 'the metrics table', () => {
        for (const r of rows) {
          ins.run(r.runId, r.epoch, r.step, r.split, r.task, r.metric, Number.isFinite(r.value) ? r.value : null);
        }
      });
    },
    list(runId: string): MetricRow[] {
      return byRun.all(runId).map(fromRow);
    },
    count(runId: string): number {
      return count.get(runId)!.n;
    },
    /**
     * Per run, per task: metric -> best value over epochs, on the validation split where the run has one
     * for that metric, else on train. Direction from shared/metrics.ts; only known metrics count.
     */
    best(runIds: string[]): BestByRun {
      const out: BestByRun = {};
      const seen: Record<string, 'validation' | 'train'> = {};
      for (const id of runIds) out[id] = {};
      for (const r of extremes.all(JSON.stringify(runIds))) {
        if (!(r.metric in METRICS)) continue;
        const value = isHigherBetter(r.metric) ? r.mx : r.mn;
        if (value === null) continue;
        const key = `${r.run_id}\u0000${r.task}\u0000${r.metric}`;
        if (seen[key] === 'validation' && r.split === 'train') continue;
        seen[key] = r.split as 'validation' | 'train';
        (out[r.run_id][r.task] ??= {})[r.metric] = value;
      }
      return out;
    },
  };
}

export type MetricRepo = ReturnType<typeof createMetricRepo>;
