// Sweeps and their trials (one row per planned run); a trial points at the run now standing for it.
// Also the queue's idempotent row filter: which metric keys a run already has.
import os from 'node:os';
import type { MetricRow } from '../../shared/run.js';
import type { SweepRecord, SweepSpec, SweepStatus, SweepTrialRecord, TrialOverrides } from '../../shared/sweep.js';
import { trialLabel } from '../../shared/sweep.js';
import { write, type Db } from './db.js';

interface SweepRow {
  id: string;
  name: string;
  status: SweepStatus;
  executor: 'local' | 'queue';
  spec_json: string;
  created_at: string;
  finished_at: string | null;
  driver_pid: number | null;
  driver_host: string | null;
}

interface TrialRow {
  sweep_id: string;
  idx: number;
  config_key: string;
  overrides_json: string;
  run_id: string | null;
  attempts: number;
  worker: string | null;
  history_json: string;
  run_status: string | null;
}

/** The owner mark of a run trained by queue workers: not a local process, so a restart does not interrupt it. */
export const QUEUE_OWNER = 'queue';

export function createSweepRepo(db: Db) {
  const ins = db.prepare(
    `INSERT INTO sweeps (id, name, status, executor, spec_json, created_at) VALUES (@id, @name, 'running', @executor, @spec, @createdAt)`,
  );
  const insTrial = db.prepare(
    `INSERT INTO sweep_trials (sweep_id, idx, config_key, overrides_json, attempts, history_json) VALUES (?, ?, ?, ?, 0, '[]')`,
  );
  const sel = db.prepare<[string], SweepRow>('SELECT * FROM sweeps WHERE id = ?');
  const all = db.prepare<[], SweepRow>('SELECT * FROM sweeps ORDER BY created_at DESC, rowid DESC');
  const trialsOf = db.prepare<[string], TrialRow>(
    `SELECT t.*, r.status AS run_status FROM sweep_trials t LEFT JOIN runs r ON r.id = t.run_id WHERE t.sweep_id = ? ORDER BY t.idx`,
  );
  const counts = db.prepare<[string], { status: string | null; n: number }>(
    `SELECT r.status AS status, COUNT(*) AS n FROM sweep_trials t LEFT JOIN runs r ON r.id = t.run_id WHERE t.sweep_id = ? GROUP BY r.status`,
  );
  const total = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM sweep_trials WHERE sweep_id = ?');
  const setStatus = db.prepare(`UPDATE sweeps SET status = ?, finished_at = ? WHERE id = ? AND status NOT IN ('cancelled', 'completed')`);
  const setDriver = db.prepare('UPDATE sweeps SET driver_pid = ?, driver_host = ? WHERE id = ?');
  const assign = db.prepare(`UPDATE sweep_trials SET run_id = ?, attempts = attempts + 1, worker = NULL WHERE sweep_id = ? AND idx = ?`);
  const setWorker = db.prepare('UPDATE sweep_trials SET worker = ? WHERE run_id = ?');
  const history = db.prepare<[string], { sweep_id: string; idx: number; history_json: string }>('SELECT sweep_id, idx, history_json FROM sweep_trials WHERE run_id = ?');
  const setHistory = db.prepare('UPDATE sweep_trials SET history_json = ? WHERE sweep_id = ? AND idx = ?');
  const markQueue = db.prepare(`UPDATE runs SET owner_pid = NULL, owner_host = '${QUEUE_OWNER}', owner_session = NULL WHERE id = ?`);
  const liveQueueRuns = db.prepare<[], string>(`SELECT id FROM runs WHERE owner_host = '${QUEUE_OWNER}' AND status IN ('queued', 'running')`).pluck();
  const queueOwned = db.prepare<[string], number>(`SELECT 1 FROM runs WHERE id = ? AND owner_host = '${QUEUE_OWNER}'`).pluck();
  const hasKey = db.prepare<[string, string, string, string, number, number], number>(
    'SELECT 1 FROM metrics WHERE run_id = ? AND split = ? AND task = ? AND metric = ? AND epoch = ? AND step = ? LIMIT 1',
  ).pluck();

  const toRecord = (r: SweepRow): SweepRecord => {
    const c: Record<string, number> = {};
    for (const x of counts.all(r.id)) c[x.status ?? 'pending'] = x.n;
    return {
      id: r.id,
      name: r.name,
      status: r.status,
      executor: r.executor,
      spec: JSON.parse(r.spec_json) as SweepSpec,
      total: total.get(r.id)!.n,
      counts: c,
      createdAt: r.created_at,
      finishedAt: r.finished_at,
    };
  };

  return {
    insert(s: { id: string; name: string; executor: 'local' | 'queue'; spec: SweepSpec; trials: { index: number; key: string; overrides: TrialOverrides }[] }): void {
      write(db, 'the sweeps table', () => {
        ins.run({ id: s.id, name: s.name, executor: s.executor, spec: JSON.stringify(s.spec), createdAt: new Date().toISOString() });
        for (const t of s.trials) insTrial.run(s.id, t.index, t.key, JSON.stringify(t.overrides));
      });
    },
    get(id: string): SweepRecord | undefined {
      const r = sel.get(id);
      return r ? toRecord(r) : undefined;
    },
    list(): SweepRecord[] {
      return all.all().map(toRecord);
    },
    /** The process that drives the sweep (dispatches its trials), if any was recorded. */
    driver(id: string): { pid: number; host: string } | null {
      const r = sel.get(id);
      return r && r.driver_pid !== null && r.driver_host !== null ? { pid: r.driver_pid, host: r.driver_host } : null;
    },
    claimDriver(id: string): void {
      write(db, 'the sweeps table', () => setDriver.run(process.pid, os.hostname(), id));
    },
    releaseDriver(id: string): void {
      write(db, 'the sweeps table', () => db.prepare('UPDATE sweeps SET driver_pid = NULL, driver_host = NULL WHERE id = ? AND driver_pid = ? AND driver_host = ?').run(id, process.pid, os.hostname()));
    },
    /** Sets the status of a sweep that has not ended; false when it had ended. */
    setStatus(id: string, status: SweepStatus): boolean {
      const end = status === 'cancelled' || status === 'completed' ? new Date().toISOString() : null;
      return write(db, 'the sweeps table', () => setStatus.run(status, end, id).changes > 0);
    },
    trials(id: string): SweepTrialRecord[] {
      return trialsOf.all(id).map((t) => {
        const overrides = JSON.parse(t.overrides_json) as TrialOverrides;
        return {
          sweepId: t.sweep_id,
          index: t.idx,
          key: t.config_key,
          overrides,
          label: trialLabel(overrides),
          runId: t.run_id,
          runStatus: t.run_status,
          attempts: t.attempts,
          worker: t.worker,
          history: JSON.parse(t.history_json) as string[],
        };
      });
    },
    /** Points a trial at a new run (its first, or a retry). */
    assign(sweepId: string, index: number, runId: string, queued: boolean): void {
      write(db, 'the sweep_trials table', () => {
        assign.run(runId, sweepId, index);
        if (queued) markQueue.run(runId);
      });
    },
    setWorker(runId: string, worker: string): void {
      write(db, 'the sweep_trials table', () => setWorker.run(worker, runId));
    },
    note(runId: string, line: string): void {
      write(db, 'the sweep_trials table', () => {
        const r = history.get(runId);
        if (!r) return;
        const list = JSON.parse(r.history_json) as string[];
        list.push(`${new Date().toISOString()} ${line}`);
        setHistory.run(JSON.stringify(list), r.sweep_id, r.idx);
      });
    },
    isQueueRun(runId: string): boolean {
      return queueOwned.get(runId) !== undefined;
    },
    /** Live runs that queue workers train (left live across a coordinator restart). */
    liveQueueRuns(): string[] {
      return liveQueueRuns.all();
    },
    /** The rows whose key (run, epoch, step, split, task, metric) the store does not hold yet, first of each key. */
    newRows(rows: MetricRow[]): MetricRow[] {
      const seen = new Set<string>();
      return rows.filter((r) => {
        const k = `${r.runId}\u0000${r.split}\u0000${r.task}\u0000${r.metric}\u0000${r.epoch}\u0000${r.step}`;
        if (seen.has(k)) return false;
        seen.add(k);
        return hasKey.get(r.runId, r.split, r.task, r.metric, r.epoch, r.step) === undefined;
      });
    },
  };
}

export type SweepRepo = ReturnType<typeof createSweepRepo>;
