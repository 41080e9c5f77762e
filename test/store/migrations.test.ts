import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { MIGRATIONS, SCHEMA_VERSION } from '../../electron/store/migrations.js';
import { openDb } from '../../electron/store/db.js';
import { openStore } from '../../electron/store/index.js';
import { dbPath } from '../../electron/paths.js';
import { tmpHome, runConfig } from './helpers.js';

/** Writes what a user would have at schema version v, with the SQL of that version. */
function seedAtVersion(file: string, v: number): void {
  const db = openDb(file, { migrations: MIGRATIONS.slice(0, v) });
  expect(db.pragma('user_version', { simple: true })).toBe(v);
  const now = new Date().toISOString();
  if (v >= 1) {
    db.prepare('INSERT INTO designs (id, name, notes, design_json, created_at, updated_at) VALUES (?,?,?,?,?,?)').run(
      'd1', 'Old design', 'from v' + v, JSON.stringify({ version: 1, name: 'Old design', nodes: [], edges: [] }), now, now,
    );
    db.prepare('INSERT INTO datasets (id, name, source, rows, checksum, info_json, created_at) VALUES (?,?,?,?,?,?,?)').run(
      'ds-1', 'old', 'csv', 10, 'abc', JSON.stringify({ id: 'ds-1', name: 'old', spec: { source: 'csv', options: {}, seed: 1 }, features: [], tasks: [], rows: 10, splits: { train: 8, validation: 1, test: 1 }, stats: [], balance: [], checksum: 'abc', createdAt: now }), now,
    );
  }
  if (v >= 2) {
    db.prepare(
      `INSERT INTO runs (id, name, status, config_json, design_name, dataset_ids_json, weighting, seed, created_at)
       VALUES ('r1', 'old run', 'completed', ?, 'Old design', '["ds-1"]', 'ew', 7, ?)`,
    ).run(JSON.stringify(runConfig()), now);
    db.prepare(`INSERT INTO metrics (run_id, epoch, step, split, task, metric, value) VALUES ('r1', 0, 10, 'validation', 'a', 'accuracy', 0.5), ('r1', 1, 20, 'validation', 'a', 'accuracy', 0.75)`).run();
    // a superseded value at epoch 1 (an earlier step), and a run still live when the file was written
    db.prepare(`INSERT INTO metrics (run_id, epoch, step, split, task, metric, value) VALUES ('r1', 1, 15, 'validation', 'a', 'accuracy', 0.9)`).run();
    db.prepare(
      `INSERT INTO runs (id, name, status, config_json, design_name, dataset_ids_json, weighting, seed, created_at)
       VALUES ('r-live', 'live run', 'running', ?, 'Old design', '["ds-1"]', 'ew', 7, ?)`,
    ).run(JSON.stringify(runConfig()), now);
    db.prepare(`INSERT INTO metrics (run_id, epoch, step, split, task, metric, value) VALUES ('r-live', 0, 10, 'train', 'a', 'loss', 1.5)`).run();
  }
  if (v >= 3) {
    // v3's link table, as a v3 workbench fills it when it stores a run
    db.prepare(`INSERT INTO run_datasets (run_id, dataset_id) VALUES ('r1', 'ds-1'), ('r-live', 'ds-1')`).run();
  }
  db.close();
}

describe('store migrations (PRAGMA user_version)', () => {
  it('creates the current schema in an empty data folder', () => {
    const home = tmpHome();
    const store = openStore(home);
    expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    const tables = store.db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all();
    expect(tables).toEqual(['datasets', 'designs', 'metric_curves', 'metrics', 'run_datasets', 'runs', 'sweep_trials', 'sweeps']);
    expect(store.designs.list()).toEqual([]);
    store.close();
  });

  for (let v = 0; v < SCHEMA_VERSION; v++) {
    it(`upgrades a file at version ${v} to ${SCHEMA_VERSION}, keeping its data`, () => {
      const home = tmpHome();
      seedAtVersion(dbPath(home), v);
      const store = openStore(home);
      expect(store.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
      if (v >= 1) {
        expect(store.designs.get('d1')?.notes).toBe('from v' + v);
        expect(store.datasets.get('ds-1')?.rows).toBe(10);
      }
      if (v >= 2) {
        const run = store.runs.get('r1')!;
        expect(run.status).toBe('completed');
        // its summary, computed from its rows on first read (v6): the highest step's value of each epoch
        expect(run.summary).toMatchObject({ selected: { epoch: 1, split: 'validation' }, tasks: { a: { accuracy: { value: 0.75, last: 0.75 } } } });
        expect(store.db.prepare(`SELECT summary_json IS NOT NULL AS stored FROM runs WHERE id = 'r1'`).get()).toEqual({ stored: 1 });
        // the dataset link table added in v3 is filled from the old JSON column
        expect(store.runs.list({ datasetId: 'ds-1' }).map((r) => r.id).sort()).toEqual(['r-live', 'r1']);
        // v4's curve cache is filled for the run left live by a dead process once the open marks it interrupted,
        // and for the run that had ended when its curves are first read (one value per epoch: the highest step's)
        expect(store.interruptedAtOpen).toEqual(['r-live']);
        const cached = () => store.db.prepare<[], { id: string; curves_cached: number }>('SELECT id, curves_cached FROM runs ORDER BY id').all();
        // (r1's first read above computed its summary from its curves, which cached them)
        const curves = store.metrics.curves('r1')!;
        expect(cached()).toEqual([{ id: 'r-live', curves_cached: 1 }, { id: 'r1', curves_cached: 1 }]);
        expect(store.metrics.curves('r1')).toEqual(curves);
        expect(curves.status).toBe('completed');
        expect(curves.curves).toEqual([{ split: 'validation', task: 'a', metric: 'accuracy', firstEpoch: 0, values: [0.5, 0.75] }]);
        expect(store.metrics.curves('r-live')).toMatchObject({ status: 'interrupted' });
        expect(store.metrics.curves('r-live')!.curves.map((c) => Array.from(c.values))).toEqual([[1.5]]);
      }
      // and the upgraded file takes new rows like a fresh one
      const rec = store.runs.insert({ id: 'r2', name: 'new', config: runConfig(), designName: 'x' });
      expect(rec.status).toBe('queued');
      store.close();
    });
  }

  it('refuses a file written by a newer version, naming the file and both versions', () => {
    const home = tmpHome();
    const raw = new Database(dbPath(home));
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => openStore(home)).toThrow(new RegExp(`schema version ${SCHEMA_VERSION + 1}.*newer`));
  });

  it('a failing migration leaves the file at its previous version', () => {
    const home = tmpHome();
    const broken = [...MIGRATIONS, 'CREATE TABLE half_done (x); INSERT INTO no_such_table VALUES (1);'];
    expect(() => openDb(dbPath(home), { migrations: broken })).toThrow(/no such table: no_such_table/);
    const db = new Database(dbPath(home));
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'half_done'`).get()).toBeUndefined();
    db.close();
  });
});
