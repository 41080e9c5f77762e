// An exploding learning rate fails the run through the whole path (service → executor → worker thread →
// training loop → store): the run ends 'failed' with a message naming the task and the epoch, the store
// keeps that message and every epoch trained before the blow-up, and the app reopens with it intact.
// Data: the MMoE synthetic regression pair (600 rows, 8 inputs), plain SGD on the wasm backend.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetInfo } from '../../shared/dataset.js';
import type { RunConfig, RunStatus } from '../../shared/run.js';
import { openStore } from '../../electron/store/index.js';
import type { Workbench } from '../../electron/services/workbench.js';
import { curve, openWorkbench, tmpHome, waitEnded } from './helpers.js';

describe('an exploding loss fails the run, naming the task and the epoch', () => {
  const home = tmpHome('mtlw-nan-');
  let wb: Workbench;
  let ds: DatasetInfo;
  const statuses: { runId: string; status: RunStatus; error?: string }[] = [];

  const config = (over: Partial<RunConfig>): RunConfig => ({
    design: { version: 1, name: 'x', nodes: [], edges: [] },
    datasets: [ds.id],
    optimizer: { name: 'sgd', lr: 0.01 },
    schedule: { kind: 'constant' },
    epochs: 4,
    batchSize: 32,
    weighting: { name: 'ew', params: {} },
    seed: 5,
    backend: 'wasm',
    ...over,
  });

  beforeAll(async () => {
    wb = openWorkbench(home);
    wb.events.on('runStatus', (s) => statuses.push(s));
    ds = await wb.api.createBuiltinDataset({ source: 'mmoe-synthetic', options: { rows: 600, dim: 8, p: 0.5 }, seed: 3 });
    expect(ds.tasks.map((t) => t.kind)).toEqual(['regression', 'regression']);
  });
  afterAll(async () => {
    await wb?.close();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('a learning rate that jumps to 1e6 at epoch 3 (step schedule) fails the run there; epochs 1 and 2 stay in the store', async () => {
    const design = await wb.api.buildTemplate({ template: 'hps', datasetIds: [ds.id] });
    // lr 0.01 for epochs 1–2, then 0.01 · 1e8 = 1e6
    const { runIds } = await wb.api.startRun(config({ design, name: 'exploding', schedule: { kind: 'step', stepSize: 2, gamma: 1e8 } }));
    expect(runIds).toHaveLength(1);
    const [run] = await waitEnded(wb.api, runIds);

    console.log(`[nan] run ended ${run.status}: ${run.error}`);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/^Loss of task '(y1|y2)' became (NaN|infinite) at epoch 3, step \d+: lower the learning rate or clip gradients$/);
    expect(run.finishedAt).not.toBeNull();
    // the same message reached the transports
    expect(statuses.find((s) => s.runId === run.id && s.status === 'failed')?.error).toBe(run.error);

    // epochs 1 and 2, every split and task, are in the store, finite; nothing of epoch 3
    const rows = await wb.api.getRunMetrics(run.id);
    expect([...new Set(rows.map((r) => r.epoch))].sort()).toEqual([1, 2]);
    for (const split of ['train', 'validation', 'test'] as const) {
      for (const task of ['y1', 'y2']) {
        for (const metric of ['loss', 'mse', 'r2']) {
          const values = curve(rows, split, task, metric);
          expect(values, `${split} ${task} ${metric}`).toHaveLength(2);
          expect(values.every(Number.isFinite), `${split} ${task} ${metric}`).toBe(true);
        }
      }
    }
    expect(curve(rows, 'diagnostics', '', 'lr')).toEqual([0.01, 0.01]);
    // the run learned something before the jump: validation MSE fell from epoch 1 to 2 for some task
    expect(curve(rows, 'validation', 'y1', 'mse')[1] < curve(rows, 'validation', 'y1', 'mse')[0] || curve(rows, 'validation', 'y2', 'mse')[1] < curve(rows, 'validation', 'y2', 'mse')[0]).toBe(true);
    // a failed run keeps no weights
    expect(wb.store.artifacts.list(run.id)).toEqual([]);
  });

  it('SGD at the largest learning rate startRun takes (10) fails in epoch 1 with nothing recorded; the next run trains normally', async () => {
    const design = await wb.api.buildTemplate({ template: 'hps', datasetIds: [ds.id] });
    // 1e6 itself is refused before anything is queued
    await expect(wb.api.startRun(config({ design, optimizer: { name: 'sgd', lr: 1e6 } }))).rejects.toMatchObject({ code: 'invalid-argument', message: expect.stringContaining('config.optimizer.lr') });
    const bad = await wb.api.startRun(config({ design, name: 'lr 10', optimizer: { name: 'sgd', lr: 10 } }));
    const good = await wb.api.startRun(config({ design, name: 'lr 0.01', epochs: 1 }));
    const [b, g] = await waitEnded(wb.api, [bad.runIds[0], good.runIds[0]]);
    expect(b.status).toBe('failed');
    expect(b.error).toMatch(/^Loss of task '(y1|y2)' became (NaN|infinite) at epoch 1, step \d+/);
    expect(await wb.api.getRunMetrics(b.id)).toEqual([]);
    expect(g.status).toBe('completed');
    expect(g.error).toBeNull();
  });

  it('after a restart the store still holds the failed run with its message and its two epochs', async () => {
    const before = await wb.api.listRuns();
    const failed = before.find((r) => r.name === 'exploding')!;
    const metricCount = (await wb.api.getRunMetrics(failed.id)).length;
    await wb.close();
    const store = openStore(home);
    try {
      const r = store.runs.get(failed.id)!;
      expect(r).toMatchObject({ status: 'failed', error: failed.error });
      expect(store.metrics.count(failed.id)).toBe(metricCount);
      expect(store.interruptedAtOpen).toEqual([]);
      expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      store.close();
    }
  });
});
