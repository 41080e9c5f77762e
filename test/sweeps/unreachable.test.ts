// Redis down: the workbench keeps working here (stores, lists, trains single runs locally) and says the queue
// is unreachable; a sweep started meanwhile waits for the queue instead of failing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createWorkbench } from '../../electron/services/workbench.js';
import { createQueueExecutor } from '../../electron/queue/executor.js';
import { freePort } from './harness.js';

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-noredis-'));
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe('queue unreachable', () => {
  it('says so, keeps local runs working, and holds sweep runs queued while it is down', async () => {
    const port = await freePort(); // nothing listens there
    const errors: string[] = [];
    const orig = console.error;
    console.error = (...a: unknown[]) => void errors.push(a.join(' '));
    try {
      const queue = createQueueExecutor({ url: `redis://:secret@127.0.0.1:${port}`, reconcileMs: 200 });
      const wb = createWorkbench({ home, transport: 'in-process', queue });
      await new Promise((r) => setTimeout(r, 800));
      const status = await wb.api.getQueueStatus();
      expect(status).toMatchObject({ configured: true, reachable: false, url: `redis://:***@127.0.0.1:${port}` });
      expect(status.error).toMatch(/The run queue at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ is unreachable: .*local runs are not affected/);
      expect(errors.join('\n')).not.toContain('secret');

      const ds = await wb.api.createBuiltinDataset({ source: 'mmoe-synthetic', options: { rows: 120, dim: 4 } });
      const design = await wb.api.buildTemplate({ template: 'mmoe', datasetIds: [ds.id] });
      const config = { design, datasets: [ds.id], optimizer: { name: 'adam' as const, lr: 0.01 }, schedule: { kind: 'constant' as const }, epochs: 1, batchSize: 64, weighting: { name: 'ew', params: {} }, seed: 1, backend: 'cpu' as const };
      const sweep = await wb.api.startSweep({ base: config, axes: {} });
      expect(sweep.executor).toBe('queue');
      const { runIds } = await wb.api.startRun(config);
      await new Promise<void>((resolve) => {
        const off = wb.events.on('runStatus', (e) => {
          if (e.runId !== runIds[0] || e.status !== 'completed') return;
          off();
          resolve();
        });
      });
      expect((await wb.api.getRun(runIds[0])).status).toBe('completed');
      // the sweep's run waits for the queue: still queued, not failed
      const d = await wb.api.getSweep(sweep.id);
      expect(d.trials[0].runStatus).toBe('queued');
      await wb.close();
    } finally {
      console.error = orig;
    }
  }, 120_000);
});
