// `db check` and `db recover`: the database file's integrity on demand, and a copy of what a damaged file still holds.
import type { Command } from 'commander';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import { dbPath, resolveHome } from '../../paths.js';
import { checkIntegrity, damagedMessage, recoverDb } from '../../store/integrity.js';
import { CliError, printJson, printTable, out } from '../output.js';

interface DbOptions {
  home?: string;
  json?: boolean;
}

function dbFile(opts: DbOptions): string {
  const file = dbPath(resolveHome({ argv: opts.home ? ['--home', opts.home] : [] }));
  if (!fs.existsSync(file)) throw new CliError(`${file} does not exist (no data folder there yet).`, 'not-found');
  return file;
}

export function dbCommand(program: Command): void {
  const db = program.command('db').description('the database file: check its integrity, recover a damaged one');

  db.command('check')
    .description('run SQLite integrity_check on the database (read only); exit code 1 when it is damaged')
    .option('--quick', 'quick_check instead (skips index contents; what every start runs)')
    .option('--home <dir>', 'data folder')
    .option('--json', 'print JSON')
    .action((opts: DbOptions & { quick?: boolean }) => {
      const file = dbFile(opts);
      let conn: Database.Database | undefined;
      let report;
      try {
        conn = new Database(file, { readonly: true, fileMustExist: true });
        report = checkIntegrity(conn, opts.quick ? 'quick' : 'full');
      } catch (err) {
        report = { file, mode: opts.quick ? 'quick' : 'full', ok: false, problems: [(err as Error).message] };
      } finally {
        conn?.close();
      }
      if (opts.json) printJson(report);
      else out(report.ok ? `${file}: ok (${report.mode === 'quick' ? 'quick_check' : 'integrity_check'})\n` : `${damagedMessage(file, report.problems)}\n`);
      if (!report.ok) process.exitCode = 1;
    });

  db.command('recover')
    .description('copy what can be read from the database into a new file beside it (the original is not written to)')
    .option('--replace', 'then move the damaged file aside (.damaged-<time>) and put the copy in its place')
    .option('--home <dir>', 'data folder')
    .option('--json', 'print JSON')
    .action((opts: DbOptions & { replace?: boolean }) => {
      const report = recoverDb(dbFile(opts), { replace: opts.replace });
      if (opts.json) return printJson(report);
      out(`recovered into ${report.copy} (${report.method === 'vacuum' ? 'VACUUM INTO' : 'table by table'}; integrity_check ${report.ok ? 'ok' : 'FAILED'})\n`);
      printTable(report.tables, [['table', (t) => t.name], ['rows', (t) => t.rows], ['lost', (t) => t.lost ?? '']]);
      if (!opts.replace) out(`to use it: stop the workbench, move ${report.file} aside and rename the copy to workbench.db (or run again with --replace)\n`);
    });
}
