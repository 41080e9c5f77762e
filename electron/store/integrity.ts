// A damaged database is noticed and never written to: quick_check at open, integrity_check on demand, and a
// recovery that copies what can still be read into a new file (VACUUM INTO, else table by table).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { DatabaseCheck } from '../../shared/api.js';
import { MIGRATIONS } from './migrations.js';
import { StoreError } from './errors.js';

type Db = Database.Database;

export type IntegrityReport = DatabaseCheck;

/** quick_check (O(pages), skips index contents) or integrity_check (everything). A read that fails is a problem too. */
export function checkIntegrity(db: Db, mode: 'quick' | 'full' = 'quick'): IntegrityReport {
  let problems: string[];
  try {
    const rows = db.prepare(`PRAGMA ${mode === 'quick' ? 'quick_check' : 'integrity_check'}(20)`).pluck().all() as string[];
    problems = rows.length === 1 && rows[0] === 'ok' ? [] : rows;
  } catch (err) {
    problems = [(err as Error).message];
  }
  return { file: db.name, mode, ok: problems.length === 0, problems };
}

/** What a person sees when the file is damaged: which file, what SQLite found, and how to get the data back. */
export function damagedMessage(file: string, problems: string[]): string {
  const home = path.dirname(file);
  const shown = problems.slice(0, 3).join('; ') + (problems.length > 3 ? ` (and ${problems.length - 3} more)` : '');
  return (
    `${file} is damaged (${shown}). Nothing more will be written to it. ` +
    `To recover what can be read, run \`mtl-workbench db recover --home ${JSON.stringify(home)}\`: it copies the data into a new file ` +
    `beside it and leaves this one untouched (add --replace to put the copy in its place). Or move the file aside to start empty.`
  );
}

const damaged = new WeakMap<Db, string[]>();

/** Once a connection has seen its file damaged, every later write through it is refused (see write()). */
export function markDamaged(db: Db, problems: string[]): void {
  if (!damaged.has(db)) damaged.set(db, problems);
}

export function damageFound(db: Db): string[] | undefined {
  return damaged.get(db);
}

export function damagedError(file: string, problems: string[], cause?: unknown): StoreError {
  return new StoreError('corrupt', damagedMessage(file, problems), cause);
}

export interface RecoveryTable {
  name: string;
  rows: number;
  /** Set when the table could not be read to its end. */
  lost?: string;
}

export interface RecoveryReport {
  file: string;
  copy: string;
  method: 'vacuum' | 'tables';
  tables: RecoveryTable[];
  /** integrity_check of the copy. */
  ok: boolean;
}

function freshName(file: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return path.join(path.dirname(file), `${path.basename(file, '.db')}.recovered-${stamp}.db`);
}

function countRows(db: Db): RecoveryTable[] {
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[];
  return tables.map((name) => ({ name, rows: db.prepare(`SELECT count(*) FROM "${name}"`).pluck().get() as number }));
}

/** Table by table, in rowid order, as far as each table can be read; the schema comes from the migrations. */
function copyTables(src: Db, dest: string): RecoveryTable[] {
  const version = (() => {
    try {
      return src.pragma('user_version', { simple: true }) as number;
    } catch {
      return MIGRATIONS.length;
    }
  })();
  const out = new Database(dest);
  try {
    out.pragma('journal_mode = DELETE');
    out.pragma('foreign_keys = OFF'); // tables are copied in name order, children before parents
    out.exec(MIGRATIONS.slice(0, Math.min(version, MIGRATIONS.length)).join(';\n'));
    out.pragma(`user_version = ${Math.min(version, MIGRATIONS.length)}`);
    const tables = out.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all() as string[];
    const report: RecoveryTable[] = [];
    for (const name of tables) {
      const cols = (out.prepare(`PRAGMA table_info("${name}")`).all() as { name: string }[]).map((c) => `"${c.name}"`);
      const insert = out.prepare(`INSERT OR IGNORE INTO "${name}" (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
      const entry: RecoveryTable = { name, rows: 0 };
      // forwards in rowid order until a damaged page, then backwards from the end down to it
      let last = -Infinity;
      /** Copies rows until the end or a damaged page; what was read before the damage is kept (committed). */
      const pass = (sql: string, params: unknown[]): Error | null =>
        out.transaction(() => {
          try {
            for (const [rowid, ...row] of src.prepare(sql).raw().iterate(...params) as Iterable<unknown[]>) {
              insert.run(row);
              entry.rows++;
              last = Math.max(last, Number(rowid));
            }
            return null;
          } catch (err) {
            return err as Error;
          }
        })();
      const err = pass(`SELECT rowid, ${cols.join(', ')} FROM "${name}" ORDER BY rowid`, []);
      if (err) {
        const stoppedAt = entry.rows;
        pass(`SELECT rowid, ${cols.join(', ')} FROM "${name}" WHERE rowid > ? ORDER BY rowid DESC`, [Number.isFinite(last) ? last : -1]);
        entry.lost = `a damaged part after ${stoppedAt} rows (${err.message}); ${entry.rows - stoppedAt} more read from the end`;
      }
      report.push(entry);
    }
    return report;
  } finally {
    out.close();
  }
}

/**
 * Copies what can be read from `file` into a new file beside it (never writing to `file`). With `replace`, the
 * damaged file is renamed to `<name>.damaged-<time>` and the copy takes its place.
 */
export function recoverDb(file: string, opts: { replace?: boolean } = {}): RecoveryReport {
  if (!fs.existsSync(file)) throw new StoreError('failed', `${file} does not exist: there is nothing to recover.`);
  const copy = freshName(file);
  const src = new Database(file, { readonly: true, fileMustExist: true });
  let method: RecoveryReport['method'] = 'vacuum';
  let tables: RecoveryTable[];
  try {
    try {
      src.prepare('VACUUM INTO ?').run(copy);
      const check = new Database(copy, { readonly: true });
      try {
        if (!checkIntegrity(check, 'full').ok) throw new Error('the copy is not sound');
        tables = countRows(check);
      } finally {
        check.close();
      }
    } catch {
      fs.rmSync(copy, { force: true });
      method = 'tables';
      tables = copyTables(src, copy);
    }
  } finally {
    src.close();
  }
  const check = new Database(copy, { readonly: true });
  const ok = checkIntegrity(check, 'full').ok;
  check.close();
  let result = copy;
  if (opts.replace) {
    const aside = `${file}.damaged-${path.basename(copy).replace(/^.*recovered-|\.db$/g, '')}`;
    fs.renameSync(file, aside);
    for (const ext of ['-wal', '-shm']) if (fs.existsSync(file + ext)) fs.renameSync(file + ext, aside + ext);
    fs.renameSync(copy, file);
    result = file;
  }
  return { file, copy: result, method, tables, ok };
}
