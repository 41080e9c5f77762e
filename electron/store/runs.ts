// Runs: the exact config as JSON plus queryable columns; maps to RunRecord (with its summary: stored when the
// run ends, computed from its curves while it is live or, once, for a run stored before summaries were).
import os from 'node:os';
import type { RunConfig, RunRecord, RunStatus } from '../../shared/run.js';
import { baselineReference, selectionValueOf, summarizeRun, type RunSummary } from '../../shared/results/summary.js';
import type { RunFilter } from '../../shared/api.js';
import { write, type Db } from './db.js';
import type { MetricRepo } from './metrics.js';
import type { ArtifactStore } from './artifacts.js';

interface Row {
  id: string;
  name: string;
  status: RunStatus;
  config_json: string;
  design_name: string;
  dataset_ids_json: string;
  weighting: string;
  backend: string | null;
  device: string | null;
  seed: number;
  versions_json: string;
  baseline_of: string | null;
  baseline_task: string | null;
  tags_json: string;
  notes: string;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  owner_pid: number | null;
  owner_host: string | null;
  owner_session: string | null;
  summary_json: string | null;
  weights_epoch: number | null;
}

export interface NewRun {
  id: string;
  name: string;
  config: RunConfig;
  designName: string;
  baselineOf?: string | null;
  baselineTask?: string | null;
}

export { LIVE_STATUSES } from '../../shared/run.js';

/** Store sessions open in this process: a run owned by one of them is live even though its pid is ours. */
const liveSessions = new Set<string>();

/** Whether a process with this pid exists on this machine. */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function createRunRepo(db: Db, metrics: MetricRepo, session: string, artifacts?: ArtifactStore) {
  liveSessions.add(session);
  const sel = db.prepare<[string], Row>('SELECT * FROM runs WHERE id = ?');
  const ins = db.prepare(
    `INSERT INTO runs (id, name, status, config_json, design_name, dataset_ids_json, weighting, seed, baseline_of, baseline_task,
       tags_json, notes, created_at, owner_pid, owner_host, owner_session, requested_backend)
     VALUES (@id, @name, 'queued', @config, @designName, @datasetIds, @weighting, @seed, @baselineOf, @baselineTask,
       @tags, '', @createdAt, @pid, @host, @session, @backend)`,
  );
  const insDataset = db.prepare('INSERT OR IGNORE INTO run_datasets (run_id, dataset_id) VALUES (?, ?)');
  const started = db.prepare(
    `UPDATE runs SET status = 'running', backend = ?, device = ?, versions_json = ?, started_at = COALESCE(started_at, ?)
     WHERE id = ? AND status IN ('queued', 'running')`,
  );
  const finished = db.prepare(
    `UPDATE runs SET status = ?, error = ?, finished_at = ?, weights_epoch = COALESCE(?, weights_epoch) WHERE id = ? AND status IN ('queued', 'running')`,
  );
  const saveSummary = db.prepare('UPDATE runs SET summary_json = ? WHERE id = ?');
  const saveWeightsEpoch = db.prepare('UPDATE runs SET weights_epoch = ? WHERE id = ?');
  const baselineRows = db.prepare<[string], Row>('SELECT * FROM runs WHERE baseline_of = ? ORDER BY created_at, rowid');
  const del = db.prepare('DELETE FROM runs WHERE id = ?');
  const live = db.prepare<[], { id: string; owner_pid: number | null; owner_host: string | null; owner_session: string | null }>(
    `SELECT id, owner_pid, owner_host, owner_session FROM runs WHERE status IN ('queued', 'running')`,
  );
  const interrupt = db.prepare(
    `UPDATE runs SET status = 'interrupted', finished_at = ?,
       error = COALESCE(error, 'The process running it ended before it finished; metrics up to then are kept.')
     WHERE id = ? AND status IN ('queued', 'running')`,
  );

  /**
   * An ended run's curves go to the cache, after its status is stored: a failure here (a full disk) only
   * leaves the run read from its rows, as a live one is.
   */
  const cacheCurves = (id: string): void => {
    try {
      metrics.cacheCurves(id);
    } catch (err) {
      console.error(`[store] run ${id}: could not cache its curves (read from its rows instead): ${(err as Error).message}`);
    }
  };

  const SUMMARY_SPLITS = ['train', 'validation', 'test'];
  const hasEnded = (r: Row) => r.status !== 'queued' && r.status !== 'running';
  /**
   * The run's summary from its curves; selection by Δm reads its baselines' summaries (selected the same way,
   * on their own validation values). Stored for an ended run.
   */
  const computeSummary = (r: Row, depth = 0): RunSummary => {
    const config = JSON.parse(r.config_json) as RunConfig;
    const curves = metrics.curves(r.id, { splits: SUMMARY_SPLITS })?.curves ?? [];
    const baselineRecords = depth === 0 ? baselineRows.all(r.id) : [];
    const baselines = baselineRecords.map((b) => ({ task: b.baseline_task, summary: summaryOf(b, depth + 1) }));
    const summary = summarizeRun(curves, {
      selection: config.selection,
      earlyStopping: config.earlyStopping,
      ...(baselines.length > 0 ? { baseline: baselineReference(baselines, selectionValueOf) } : {}),
    });
    if (hasEnded(r)) {
      try {
        write(db, 'the runs table', () => saveSummary.run(JSON.stringify(summary), r.id));
        r.summary_json = JSON.stringify(summary);
        // once the baselines have ended the selection is final: the selected epoch's checkpoint becomes the weights
        if (artifacts && summary.selected && baselineRecords.every(hasEnded) && artifacts.settleWeights(r.id, summary.selected.epoch)) {
          write(db, 'the runs table', () => saveWeightsEpoch.run(summary.selected!.epoch, r.id));
          r.weights_epoch = summary.selected.epoch;
        }
      } catch (err) {
        console.error(`[store] run ${r.id}: could not store its summary (computed again on the next read): ${(err as Error).message}`);
      }
    }
    return summary;
  };
  const summaryOf = (r: Row, depth = 0): RunSummary => (r.summary_json && hasEnded(r) ? (JSON.parse(r.summary_json) as RunSummary) : computeSummary(r, depth));
  /** An ended run's summary, computed again (its rows or its baselines changed); then its parent's, if it is a baseline. */
  const refreshSummary = (id: string): void => {
    const r = sel.get(id);
    if (!r || !hasEnded(r)) return;
    computeSummary(r);
    if (r.baseline_of) {
      const parent = sel.get(r.baseline_of);
      if (parent && hasEnded(parent)) computeSummary(parent);
    }
  };

  const toRecords = (rows: Row[]): RunRecord[] => {
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      status: r.status,
      config: JSON.parse(r.config_json) as RunConfig,
      designName: r.design_name,
      datasetIds: JSON.parse(r.dataset_ids_json) as string[],
      weighting: r.weighting,
      backend: r.backend,
      device: r.device,
      seed: r.seed,
      versions: JSON.parse(r.versions_json) as Record<string, string>,
      baselineOf: r.baseline_of,
      baselineTask: r.baseline_task,
      tags: JSON.parse(r.tags_json) as string[],
      notes: r.notes,
      error: r.error,
      createdAt: r.created_at,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      summary: summaryOf(r),
      weightsEpoch: r.weights_epoch,
    }));
  };

  return {
    insert(run: NewRun): RunRecord {
      write(db, 'the runs table', () => {
        ins.run({
          id: run.id,
          name: run.name,
          config: JSON.stringify(run.config),
          designName: run.designName,
          datasetIds: JSON.stringify(run.config.datasets),
          weighting: run.config.weighting.name,
          seed: run.config.seed,
          baselineOf: run.baselineOf ?? null,
          baselineTask: run.baselineTask ?? null,
          tags: JSON.stringify(run.config.tags ?? []),
          createdAt: new Date().toISOString(),
          pid: process.pid,
          host: os.hostname(),
          session,
          backend: run.config.backend ?? null,
        });
        for (const d of run.config.datasets) insDataset.run(run.id, d);
      });
      return this.get(run.id)!;
    },
    /** Several runs in one transaction (a run with its baselines and seeds): all are stored or none. */
    insertMany(runs: NewRun[]): void {
      write(db, 'the runs table', () => {
        for (const run of runs) this.insert(run);
      });
    },
    get(id: string): RunRecord | undefined {
      const r = sel.get(id);
      return r ? toRecords([r])[0] : undefined;
    },
    list(filter: RunFilter = {}): RunRecord[] {
      const where: string[] = [];
      const params: Record<string, unknown> = {};
      if (filter.status) {
        where.push('status = @status');
        params.status = filter.status;
      }
      if (!filter.includeBaselines) where.push('baseline_of IS NULL');
      if (filter.datasetId) {
        where.push('id IN (SELECT run_id FROM run_datasets WHERE dataset_id = @datasetId)');
        params.datasetId = filter.datasetId;
      }
      if (filter.search) {
        where.push(`(name LIKE @q ESCAPE '\\' OR design_name LIKE @q ESCAPE '\\' OR notes LIKE @q ESCAPE '\\'
          OR tags_json LIKE @q ESCAPE '\\' OR weighting LIKE @q ESCAPE '\\' OR id LIKE @q ESCAPE '\\')`);
        params.q = `%${filter.search.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
      }
      const sql = `SELECT * FROM runs ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY created_at DESC, rowid DESC`;
      return toRecords(db.prepare<[Record<string, unknown>], Row>(sql).all(params));
    },
    /** The single-task baselines that belong to any of these runs. */
    baselinesOf(runIds: string[]): RunRecord[] {
      const rows = db
        .prepare<[string], Row>('SELECT * FROM runs WHERE baseline_of IN (SELECT value FROM json_each(?)) ORDER BY created_at, rowid')
        .all(JSON.stringify(runIds));
      return toRecords(rows);
    },
    markStarted(id: string, info: { backend: string; device: string; versions: Record<string, string> }): boolean {
      return write(db, 'the runs table', () =>
        started.run(info.backend, info.device, JSON.stringify(info.versions), new Date().toISOString(), id).changes > 0,
      );
    },
    /**
     * Ends a live run (a run already ended keeps its first ending), caches its curves and stores its summary.
     * @param weightsEpoch the epoch the saved weights are from, where weights were saved.
     */
    finish(id: string, status: Extract<RunStatus, 'completed' | 'failed' | 'stopped' | 'interrupted'>, error?: string | null, weightsEpoch?: number | null): boolean {
      const changed = write(db, 'the runs table', () => finished.run(status, error ?? null, new Date().toISOString(), weightsEpoch ?? null, id).changes > 0);
      if (changed) {
        cacheCurves(id);
        refreshSummary(id);
      }
      return changed;
    },
    /** Stores an ended run's summary again from its rows and baselines (rows arrived late, a rule changed). */
    refreshSummary,
    update(id: string, patch: { tags?: string[]; notes?: string; name?: string }): RunRecord | undefined {
      write(db, 'the runs table', () => {
        if (patch.tags !== undefined) db.prepare('UPDATE runs SET tags_json = ? WHERE id = ?').run(JSON.stringify(patch.tags), id);
        if (patch.notes !== undefined) db.prepare('UPDATE runs SET notes = ? WHERE id = ?').run(patch.notes, id);
        if (patch.name !== undefined) db.prepare('UPDATE runs SET name = ? WHERE id = ?').run(patch.name, id);
      });
      return this.get(id);
    },
    delete(id: string): boolean {
      return write(db, 'the runs table', () => del.run(id).changes > 0);
    },
    /** Forget this session when its store closes. */
    endSession(): void {
      liveSessions.delete(session);
    },
    /**
     * Runs left 'queued' or 'running' by a process that no longer exists (on this host) become 'interrupted';
     * their metrics stay. Runs owned by a live process (another window, a CLI beside the app) are left alone.
     */
    interruptOrphans(isAlive: (pid: number) => boolean = pidAlive): string[] {
      const host = os.hostname();
      const now = new Date().toISOString();
      const ended = write(db, 'the runs table', () => {
        const ids: string[] = [];
        for (const r of live.all()) {
          if (r.owner_host === 'queue') continue; // trained by queue workers: the sweep that queued it settles it
          // Our own pid counts as alive only for a session this process opened (a restarted container reuses pids).
          const ownerAlive =
            (r.owner_session !== null && liveSessions.has(r.owner_session)) ||
            (r.owner_pid !== null && r.owner_host === host && r.owner_pid !== process.pid && isAlive(r.owner_pid));
          if (ownerAlive) continue;
          if (interrupt.run(now, r.id).changes > 0) ids.push(r.id);
        }
        return ids;
      });
      for (const id of ended) {
        cacheCurves(id);
        refreshSummary(id);
      }
      return ended;
    },
  };
}

export type RunRepo = ReturnType<typeof createRunRepo>;
