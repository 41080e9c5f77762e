import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { openStore } from '../../electron/store/index.js';
import { tmpHome, REPO_ROOT } from './helpers.js';

describe('a process SIGKILLed while writing metrics of a running run', () => {
  it('leaves a consistent file, the run interrupted and every committed epoch present', async () => {
    const home = tmpHome();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'fixtures/write-metrics.ts'), home], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let lastCommitted = -1;
    let buf = '';
    await new Promise<void>((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', () => resolve());
      child.stdout!.on('data', (d: Buffer) => {
        buf += d.toString();
        const lines = buf.split('\n');
        buf = lines.pop()!;
        for (const l of lines) lastCommitted = Number(l);
        if (lastCommitted >= 40) child.kill('SIGKILL');
      });
    });
    expect(child.signalCode).toBe('SIGKILL');
    expect(lastCommitted).toBeGreaterThanOrEqual(40);

    const store = openStore(home);
    try {
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(store.interruptedAtOpen).toEqual(['crash-run']);
      const run = store.runs.get('crash-run')!;
      expect(run.status).toBe('interrupted');
      expect(run.error).toMatch(/ended before it finished/);
      expect(run.backend).toBe('cpu');
      const rows = store.metrics.list('crash-run');
      // 8 rows per epoch, each epoch one transaction: no epoch is half there
      expect(rows.length % 8).toBe(0);
      const epochs = new Set(rows.map((r) => r.epoch));
      for (let e = 0; e <= lastCommitted; e++) expect(epochs.has(e), `epoch ${e}`).toBe(true);
      // its summary is there, recomputed from the committed rows
      expect(epochs.has(run.summary!.selected!.epoch)).toBe(true);
    } finally {
      store.close();
    }
    // and the next start is normal: nothing more to interrupt, the file takes writes
    const again = openStore(home);
    expect(again.interruptedAtOpen).toEqual([]);
    again.designs.save({ name: 'after the crash', design: { version: 1, name: 'x', nodes: [], edges: [] } });
    again.close();
  });
});
