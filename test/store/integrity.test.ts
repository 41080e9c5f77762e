// A damaged workbench.db (8 KiB of garbage in its middle) is noticed at open and never written to; the
// message names the file and the command that recovers it; `db check` and `db recover` work from the CLI.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, StoreError } from '../../electron/store/index.js';
import { createWorkbench } from '../../electron/services/workbench.js';
import { cli } from '../cli/helpers.js';
import { damageFile, fillStore, tmpHome } from './helpers.js';

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('a damaged database file', () => {
  it('is refused at open with the file named and what to do, and nothing is written to it', () => {
    const home = tmpHome();
    fillStore(home);
    const file = path.join(home, 'workbench.db');
    expect(fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0).toBe(0);
    damageFile(file);
    const before = sha(file);
    let err: unknown;
    try {
      openStore(home).close();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).kind).toBe('corrupt');
    expect((err as StoreError).message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is damaged \\(.+\\)\\. Nothing more will be written to it\\. To recover what can be read, run \`mtl-workbench db recover --home "${home}"\``));
    expect(sha(file)).toBe(before);
    expect(fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0).toBe(0);
  });

  it('`db check` reports it (exit 1), `db recover` copies what it can read, and --replace puts the copy in place', async () => {
    const home = tmpHome();
    fillStore(home);
    const file = path.join(home, 'workbench.db');
    const healthy = await cli(['db', 'check', '--home', home, '--json']);
    expect(healthy.code).toBe(0);
    expect(JSON.parse(healthy.stdout)).toEqual({ file, mode: 'full', ok: true, problems: [] });
    damageFile(file);
    const before = sha(file);

    const check = await cli(['db', 'check', '--home', home]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(`${file} is damaged (`);
    const quick = await cli(['db', 'check', '--quick', '--home', home, '--json']);
    expect(quick.code).toBe(1);
    expect(JSON.parse(quick.stdout)).toMatchObject({ mode: 'quick', ok: false });

    const served = await cli(['runs', 'list', '--home', home]);
    expect(served.code).toBe(1);
    expect(served.stderr).toMatch(/is damaged .* db recover --home/);

    const rec = await cli(['db', 'recover', '--home', home, '--json']);
    expect(rec.code, rec.stderr).toBe(0);
    const report = JSON.parse(rec.stdout) as { copy: string; ok: boolean; tables: { name: string; rows: number }[] };
    expect(report.ok).toBe(true);
    expect(path.dirname(report.copy)).toBe(home);
    expect(report.tables.find((t) => t.name === 'runs')!.rows).toBeGreaterThan(0);
    expect(sha(file)).toBe(before); // the damaged file is only read

    const replaced = await cli(['db', 'recover', '--replace', '--home', home, '--json']);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(fs.readdirSync(home).some((n) => n.startsWith('workbench.db.damaged-'))).toBe(true);
    const s = openStore(home);
    try {
      expect(s.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(s.runs.list({ includeBaselines: true }).length).toBeGreaterThan(0);
    } finally {
      s.close();
    }
  });

  it('found damaged while the app runs (Settings → check), it takes no more writes', async () => {
    const home = tmpHome();
    fillStore(home);
    const file = path.join(home, 'workbench.db');
    const wb = createWorkbench({ home, transport: 'in-process' });
    try {
      expect((await wb.api.checkDatabase()).ok).toBe(true);
      damageFile(file);
      const report = await wb.api.checkDatabase();
      expect(report).toMatchObject({ file, mode: 'full', ok: false });
      expect(report.problems.length).toBeGreaterThan(0);
      const before = sha(file);
      await expect(wb.api.saveDesign({ name: 'x', design: { version: 1, name: 'x', nodes: [], edges: [] } })).rejects.toThrow(
        new RegExp(`^saveDesign: ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is damaged`),
      );
      expect(sha(file)).toBe(before);
    } finally {
      await wb.close();
    }
  });
});
