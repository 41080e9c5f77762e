// The disk fills up while a run writes its metrics: the run fails with a message saying so, nothing is
// half-written, and the store stays consistent and readable.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createWorkbench } from '../../electron/services/workbench.js';

describe('a full disk during training', () => {
  it('fails the run with a clear error and leaves no half-written rows', async () => {
    const wb = createWorkbench({ home: fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-full-')), transport: 'in-process' });
    try {
      const ds = await wb.api.createBuiltinDataset({ source: 'mmoe-synthetic', options: { rows: 300, dim: 8 } });
      const design = await wb.api.buildTemplate({ template: 'hps', datasetIds: [ds.id] });
      let filled = false;
      const counts: number[] = [];
      wb.events.on('runMetrics', (m) => {
        counts.push(m.rows.length);
        if (!filled) {
          filled = true;
          // from now on the file may not grow: what SQLite reports when the disk is full
          wb.store.db.pragma(`max_page_count = ${wb.store.db.pragma('page_count', { simple: true })}`);
        }
      });
      const statuses: { status: string; error?: string }[] = [];
      wb.events.on('runStatus', (s) => statuses.push(s));
      const { runIds: [id] } = await wb.api.startRun({
        design, datasets: [ds.id], optimizer: { name: 'adam', lr: 0.01 }, schedule: { kind: 'constant' }, epochs: 10_000,
        batchSize: 16, weighting: { name: 'ew', params: {} }, seed: 1, backend: 'cpu', maxStepsPerEpoch: 1,
      });
      for (let i = 0; ['queued', 'running'].includes((await wb.api.getRun(id)).status); i++) {
        expect(i).toBeLessThan(600);
        await new Promise((r) => setTimeout(r, 100));
      }
      const run = await wb.api.getRun(id);
      expect(run.status).toBe('failed');
      expect(run.error).toMatch(/Could not record the run's progress: .*disk is full/);
      expect(statuses.at(-1)).toMatchObject({ status: 'failed', error: run.error });
      // whole events only: the rows stored are exactly those of the events that were written
      const stored = (await wb.api.getRunMetrics(id)).length;
      expect(stored % counts[0]).toBe(0);
      expect(stored).toBeGreaterThan(0);
      expect(wb.store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      await wb.close();
    }
  });
});
