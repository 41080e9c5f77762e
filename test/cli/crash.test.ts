import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { BIN, ROOT, cli, json, tmpHome } from './helpers.js';
import { openStore } from '../../electron/store/index.js';

describe('the whole CLI process SIGKILLed in the middle of a training run', () => {
  it('leaves a consistent store: the run interrupted, its epochs kept, and the next start works', async () => {
    const home = tmpHome();
    const ds = json(await cli(['datasets', 'builtin', 'mmoe-synthetic', '--option', 'rows=400', '--option', 'dim=8', '--json', '--home', home]));
    const child = spawn(process.execPath, [BIN, 'train', '--design', 'template:hps', '--dataset', ds.id, '--epochs', '1000', '--max-steps', '2', '--batch-size', '16', '--backend', 'cpu', '--home', home], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    // kill once a few epochs have been written
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (d) => {
        stderr += d;
        const epochs = [...stderr.matchAll(/epoch (\d+)\/1000 done/g)].map((m) => Number(m[1]));
        if (epochs.length && Math.max(...epochs) >= 3) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', (code) => reject(new Error(`train exited (${code}) before it was killed:\n${stderr}`)));
    });
    await new Promise((r) => child.on('close', r));

    const store = openStore(home);
    try {
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
      const [run] = store.runs.list();
      expect(run.status).toBe('interrupted');
      const epochs = new Set(store.metrics.list(run.id).filter((m) => m.split === 'validation').map((m) => m.epoch));
      expect(epochs.size).toBeGreaterThanOrEqual(2);
    } finally {
      store.close();
    }
    const list = await cli(['runs', 'list', '--json', '--home', home]);
    expect(list.code).toBe(0);
    expect(json(list)[0].status).toBe('interrupted');
  });
});
