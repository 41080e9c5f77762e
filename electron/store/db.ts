// Opens the one SQLite file: WAL, busy timeout, foreign keys, then migrations up to the current schema.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, type Migration } from './migrations.js';
import { isCorrupt, StoreError, toStoreError } from './errors.js';
import { checkIntegrity, damagedError, damageFound, markDamaged } from './integrity.js';

export type Db = Database.Database;

export const BUSY_TIMEOUT_MS = 5000;

export interface OpenDbOptions {
  /** The migrations to apply (tests pass a prefix to build an older file). */
  migrations?: Migration[];
  busyTimeoutMs?: number;
  /** better-sqlite3's native module to load instead of its own build (the Electron-ABI build in development). */
  nativeBinding?: string;
}

function ensureWritableFolder(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (err) {
    throw toStoreError(err, dir);
  }
}

/** Applies the migrations the file lacks, each in its own transaction with its version bump. */
export function migrate(db: Db, migrations: Migration[] = MIGRATIONS): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new StoreError(
      'too-new',
      `${db.name} has schema version ${current}, newer than this version of the workbench knows (${migrations.length}). Update the workbench or use another data folder.`,
    );
  }
  for (let v = current; v < migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return migrations.length;
}

export function openDb(file: string, opts: OpenDbOptions = {}): Db {
  ensureWritableFolder(path.dirname(file));
  let db: Db | undefined;
  try {
    db = new Database(file, { timeout: opts.busyTimeoutMs ?? BUSY_TIMEOUT_MS, nativeBinding: opts.nativeBinding });
    db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? BUSY_TIMEOUT_MS}`);
    // a damaged file is refused before anything (even the journal mode) is written to it
    const check = checkIntegrity(db, 'quick');
    if (!check.ok) throw damagedError(file, check.problems);
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') throw new StoreError('failed', `${file}: could not switch to WAL journal mode (got ${String(mode)}).`);
    // FULL: a committed transaction survives power loss, not only a killed process.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    migrate(db, opts.migrations ?? MIGRATIONS);
    return db;
  } catch (err) {
    try {
      db?.close();
    } catch {
      /* already failing */
    }
    if (err instanceof StoreError) throw err;
    throw isCorrupt(err) ? damagedError(file, [(err as Error).message], err) : toStoreError(err, file);
  }
}

/** Runs fn in one transaction; a failure rolls everything back and surfaces as a StoreError. */
export function write<T>(db: Db, where: string, fn: () => T): T {
  const known = damageFound(db);
  if (known) throw damagedError(db.name, known);
  try {
    return db.transaction(fn)();
  } catch (err) {
    if (!isCorrupt(err)) throw toStoreError(err, where);
    markDamaged(db, [(err as Error).message]);
    throw damagedError(db.name, [(err as Error).message], err);
  }
}
