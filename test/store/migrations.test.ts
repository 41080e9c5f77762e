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
    expect(tables).toEqual(['datasets', 'designs', 'metrics', 'run_datasets', 'runs']);
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
        expect(run.best).toEqual({ a: { accuracy: 0.75 } });
        // the dataset link table added in v3 is filled from the old JSON column
        expect(store.runs.list({ datasetId: 'ds-1' }).map((r) => r.id)).toEqual(['r1']);
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
    const broken = [...MIGRATIONS, (db: Database.Database) => {
      db.exec('CREATE TABLE half_done (x)');
      throw new Error('boom');
    }];
    expect(() => openDb(dbPath(home), { migrations: broken })).toThrow(/boom/);
    const db = new Database(dbPath(home));
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'half_done'`).get()).toBeUndefined();
    db.close();
  });
});
