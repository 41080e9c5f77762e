// Schema migrations keyed by PRAGMA user_version: migration i takes the file from version i to i+1.
// Append only; never edit a migration that has shipped. A migration is data (SQL that creates and alters
// tables), never a call into the store's code: what a cache holds is rebuilt lazily by its reader, so a later
// change to a cache cannot change what an old migration did.

/** SQL run in one transaction together with its version bump. */
export type Migration = string;

export const MIGRATIONS: Migration[] = [
  // 0 -> 1: designs and datasets.
  `
    CREATE TABLE designs (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      notes TEXT NOT NULL DEFAULT '',
      design_json TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE TABLE datasets (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      source TEXT NOT NULL,
      rows INTEGER NOT NULL,
      checksum TEXT NOT NULL,
      info_json TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
  `,
  // 1 -> 2: runs and their metric rows.
  `
    CREATE TABLE runs (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('queued','running','completed','failed','stopped','interrupted')),
      config_json TEXT NOT NULL,
      design_name TEXT NOT NULL,
      dataset_ids_json TEXT NOT NULL,
      weighting TEXT NOT NULL,
      backend TEXT,
      device TEXT,
      seed INTEGER NOT NULL,
      versions_json TEXT NOT NULL DEFAULT '{}',
      baseline_of TEXT REFERENCES runs(id) ON DELETE CASCADE,
      baseline_task TEXT,
      tags_json TEXT NOT NULL DEFAULT '[]',
      notes TEXT NOT NULL DEFAULT '',
      error TEXT,
      created_at TEXT NOT NULL,
      started_at TEXT,
      finished_at TEXT
    );
    CREATE INDEX runs_status ON runs(status);
    CREATE INDEX runs_baseline_of ON runs(baseline_of);
    CREATE TABLE metrics (
      run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      epoch INTEGER NOT NULL,
      step INTEGER NOT NULL,
      split TEXT NOT NULL,
      task TEXT NOT NULL,
      metric TEXT NOT NULL,
      value REAL
    );
    CREATE INDEX metrics_run ON metrics(run_id, split, task, metric, epoch);
  `,
  // 2 -> 3: which process owns a live run (to tell a dead owner from a live one at open), the backend
  // request, and a queryable run -> dataset table.
  `
    ALTER TABLE runs ADD COLUMN owner_pid INTEGER;
    ALTER TABLE runs ADD COLUMN owner_host TEXT;
    ALTER TABLE runs ADD COLUMN owner_session TEXT;
    ALTER TABLE runs ADD COLUMN requested_backend TEXT;
    CREATE TABLE run_datasets (
      run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      dataset_id TEXT NOT NULL,
      PRIMARY KEY (run_id, dataset_id)
    );
    CREATE INDEX run_datasets_dataset ON run_datasets(dataset_id);
    INSERT INTO run_datasets (run_id, dataset_id)
      SELECT runs.id, json_each.value FROM runs, json_each(runs.dataset_ids_json);
  `,
  // 3 -> 4: the curve cache (curves.ts): an ended run's metric rows folded into one row per split, task and
  // metric, so that Compare and the runs list read a few rows per run. Runs that ended before it get theirs
  // when first read (metrics.curves).
  `
    CREATE TABLE metric_curves (
      run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
      pos INTEGER NOT NULL,
      split TEXT NOT NULL,
      task TEXT NOT NULL,
      metric TEXT NOT NULL,
      epochs BLOB NOT NULL,
      vals BLOB NOT NULL,
      min_value REAL,
      max_value REAL,
      PRIMARY KEY (run_id, pos)
    );
    ALTER TABLE runs ADD COLUMN curves_cached INTEGER NOT NULL DEFAULT 0;
  `,
  // 4 -> 5: sweeps and their trials (store/sweeps.ts); a trial points at the run now standing for it.
  `
    CREATE TABLE sweeps (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('running','paused','cancelled','completed')),
      executor TEXT NOT NULL CHECK (executor IN ('local','queue')),
      spec_json TEXT NOT NULL,
      created_at TEXT NOT NULL,
      finished_at TEXT,
      driver_pid INTEGER,
      driver_host TEXT
    );
    CREATE TABLE sweep_trials (
      sweep_id TEXT NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
      idx INTEGER NOT NULL,
      config_key TEXT NOT NULL,
      overrides_json TEXT NOT NULL,
      run_id TEXT REFERENCES runs(id) ON DELETE SET NULL,
      attempts INTEGER NOT NULL DEFAULT 0,
      worker TEXT,
      history_json TEXT NOT NULL DEFAULT '[]',
      PRIMARY KEY (sweep_id, idx)
    );
    CREATE INDEX sweep_trials_run ON sweep_trials(run_id);
  `,
  // 5 -> 6: a run's summary (shared/results/summary.ts), stored when it ends (older runs get theirs on first
  // read, from their curves), and the epoch its saved weights are from.
  `
    ALTER TABLE runs ADD COLUMN summary_json TEXT;
    ALTER TABLE runs ADD COLUMN weights_epoch INTEGER;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;
