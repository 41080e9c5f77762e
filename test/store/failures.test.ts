import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { openStore, StoreError } from '../../electron/store/index.js';
import { tmpHome, runConfig, REPO_ROOT } from './helpers.js';
import { unprivilegedNode } from '../unprivileged.js';

const fixture = (name: string) => path.join(import.meta.dirname, 'fixtures', name);

describe('store failures the user can act on', () => {
  it('a read-only data folder gives a clear error naming the folder', () => {
    const parent = tmpHome();
    const home = path.join(parent, 'ro');
    fs.mkdirSync(home);
    fs.chmodSync(parent, 0o755);
    fs.chmodSync(home, 0o555);
    // root ignores permission bits: open the store without the capabilities that override them
    const run = unprivilegedNode(['--import', 'tsx', fixture('open-store.ts'), home]);
    const res = spawnSync(run.command, run.args, {
      ...run.options,
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, HOME: parent, TSX_TSCONFIG_PATH: undefined },
    });
    expect(res.stderr).toBe('');
    const out = JSON.parse(res.stdout.trim().split('\n').pop()!);
    expect(out).toMatchObject({ ok: false, name: 'StoreError', kind: 'read-only' });
    expect(out.message).toContain(home);
    expect(out.message).toMatch(/read-only.*--home/);
    expect(fs.readdirSync(home)).toEqual([]);
  });

  it('a full disk gives a clear error and leaves no half-written row', () => {
    const store = openStore(tmpHome());
    store.runs.insert({ id: 'r', name: 'r', config: runConfig(), designName: 'd' });
    const pages = store.db.pragma('page_count', { simple: true }) as number;
    // the file may not grow: this is what SQLite reports when the disk is full
    store.db.pragma(`max_page_count = ${pages + 2}`);
    const batch = Array.from({ length: 5000 }, (_, i) => ({
      runId: 'r', epoch: i, step: i, split: 'train' as const, task: 'a', metric: 'loss', value: i,
    }));
    let err: unknown;
    try {
      store.metrics.insert(batch);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).kind).toBe('disk-full');
    expect((err as Error).message).toMatch(/disk is full.*Nothing was half-written/);
    expect(store.metrics.count('r')).toBe(0);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    store.close();
  });

  it('two connections on one file wait for each other (busy timeout) rather than fail', async () => {
    const home = tmpHome();
    openStore(home).close();
    const child = spawn(process.execPath, ['--import', 'tsx', fixture('hold-lock.ts'), home, '1500'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) => child.stdout!.on('data', (d: Buffer) => d.toString().includes('locked') && resolve()));
    const store = openStore(home);
    const t0 = Date.now();
    const saved = store.designs.save({ name: 'waited', design: { version: 1, name: 'waited', nodes: [], edges: [] } });
    const waited = Date.now() - t0;
    expect(saved.name).toBe('waited');
    expect(waited).toBeGreaterThan(300);
    expect(store.designs.get('held')).toBeDefined();
    store.close();
    await new Promise((r) => child.on('exit', r));
    expect(child.exitCode).toBe(0);
  });
});
