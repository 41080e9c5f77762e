// The Sweeps view of a coordinator with a Redis queue and two worker processes: the workers list (host,
// backend, device, current run) and which worker trained each run, English and Chinese.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SweepSpec } from '../../shared/sweep.js';
import { createQueueExecutor } from '../../electron/queue/executor.js';
import { startCoordinatorServer, type CoordinatorServer } from '../../electron/queue/server.js';
import { appVersion } from '../../electron/queue/coordinator.js';
import { spawnCli, startRedis, stopProc, tmpDir, TOKEN, type Proc, type Redis } from '../sweeps/harness.js';
import { startApp, type App } from './harness.js';

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 120_000, interval: 250 });

describe.skipIf(!fs.existsSync('/usr/bin/redis-server'))('sweeps on queue workers in the browser', () => {
  let redis: Redis;
  let app: App;
  let server: CoordinatorServer;
  const workers: Proc[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    const queue = createQueueExecutor({ url: redis.url, reconcileMs: 500 });
    app = await startApp({ locale: 'en', workbench: { queue } });
    server = await startCoordinatorServer({ executor: queue, home: app.home, token: TOKEN, version: appVersion(), dataset: (id) => app.workbench.store.datasets.get(id) });
  }, 120_000);
  afterAll(async () => {
    for (const w of workers) await stopProc(w, 'SIGKILL');
    await server?.close();
    await app?.close();
    await redis?.stop();
  });

  it('lists the workers with their current runs and names the worker of each run', async () => {
    const { api } = app.workbench;
    const ds = await api.createBuiltinDataset({ source: 'mmoe-synthetic', name: 'synthetic ρ=0.5', options: { rows: 3000, dim: 8, p: 0.5 } });
    const design = await api.buildTemplate({ template: 'mmoe', datasetIds: [ds.id] });
    const spec: SweepSpec = {
      name: 'EW vs UW on two workers',
      base: { design, datasets: [ds.id], optimizer: { name: 'adam', lr: 0.01 }, schedule: { kind: 'constant' }, epochs: 3, batchSize: 32, weighting: { name: 'ew', params: {} }, seed: 0, backend: 'cpu' },
      axes: { strategies: [{ name: 'ew' }, { name: 'uw' }], seeds: [1, 2] },
    };
    const sweep = await api.startSweep(spec);
    expect(sweep.executor).toBe('queue');
    for (let i = 0; i < 2; i++) {
      const home = tmpDir('mtlw-e2e-worker-');
      workers.push(spawnCli(['worker', '--queue', redis.url, '--coordinator', server.url, '--token', TOKEN, '--home', home, '--backend', 'cpu']));
    }
    const { page } = app;
    await app.goto('sweeps');
    // both workers busy: two rows in the workers table with a current run each
    await poll(async () => {
      await page.click('[data-testid="sweep-item"]');
      return page.locator('[data-testid="sweep-workers"] tbody tr td:nth-child(4)').allTextContents();
    }).toSatisfy((cells: string[]) => cells.length === 2 && cells.every((c) => /^[0-9a-f]{8}/.test(c)));
    expect(await page.textContent('[data-testid="sweep-queue-status"]')).toContain('reachable');
    expect(await page.textContent('[data-testid="sweep-workers"]')).toContain('cpu');
    await app.shot('sweeps-workers-en');
    await page.evaluate(() => localStorage.setItem('mtlw-locale', 'zh'));
    await page.reload();
    await page.waitForSelector('[data-testid="statusbar"]');
    await app.goto('sweeps');
    await poll(() => page.textContent('[data-testid="sweep-workers"]')).toContain('当前训练');
    await app.shot('sweeps-workers-zh');
    await app.workbench.sweeps.settled(sweep.id);
    const d = await api.getSweep(sweep.id);
    expect(d.trials.map((t) => t.runStatus)).toEqual(['completed', 'completed', 'completed', 'completed']);
    expect(new Set(d.trials.map((t) => t.worker)).size).toBe(2);
    expect(app.errors).toEqual([]);
  }, 400_000);
});
