// The local executor end to end: real worker threads, a dataset materialised on disk, weights saved.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { materialise } from '../../electron/datasets/materialise.js';
import { createLocalExecutor } from '../../electron/engine/executor.js';
import type { ExecutorEvent, RunExecutor, RunJob } from '../../electron/engine/types.js';
import type { DatasetInfo } from '../../shared/dataset.js';
import type { RunConfig } from '../../shared/run.js';
import { buildModel } from '../../electron/engine/model/index.js';
import { restoreModelWeights, artifactsDir } from '../../electron/engine/train/artifacts.js';
import { loadDataset } from '../../electron/datasets/load.js';
import { config, tf, tinyDataset, useCpu } from './train/helpers.js';

let dataDir: string;
let info: DatasetInfo;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'mtlw-exec-'));
  const ds = tinyDataset({ id: 'tiny', rows: 300 });
  const r = await materialise(
    path.join(dataDir, 'datasets'),
    'tiny',
    {
      name: 'tiny',
      options: {},
      rows: ds.info.rows,
      features: [{ spec: ds.info.features[0], dtype: 'f32', data: ds.features.x as Float32Array }],
      tasks: ds.info.tasks,
      labels: ds.info.tasks.map((t) => ds.labels[t.name]),
      splits: ds.splits,
    },
    (checksum) => ({ ...ds.info, checksum }),
  );
  info = r.manifest.info;
});

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function job(runId: string, over: Partial<RunConfig> = {}): RunJob {
  return { runId, config: config({ backend: 'cpu', ...over }), datasets: [info], dataDir };
}

/** Collects events per run and resolves when the given runs have finished. */
function collect(ex: RunExecutor) {
  const events: ExecutorEvent[] = [];
  const waiters: { ids: string[]; resolve: () => void }[] = [];
  ex.onEvent((e) => {
    events.push(e);
    for (const w of waiters) if (w.ids.every((id) => events.some((x) => x.runId === id && x.type === 'finished'))) w.resolve();
  });
  return {
    events,
    of: (id: string) => events.filter((e) => e.runId === id),
    finished: (...ids: string[]) =>
      new Promise<void>((resolve) => {
        const w = { ids, resolve };
        waiters.push(w);
        if (ids.every((id) => events.some((x) => x.runId === id && x.type === 'finished'))) resolve();
      }),
  };
}

describe('local executor', () => {
  it('trains a job in a worker: started → progress → metrics → finished, weights saved and restorable', async () => {
    const ex = createLocalExecutor();
    const c = collect(ex);
    ex.submit(job('run-a', { epochs: 2 }));
    await c.finished('run-a');
    await ex.close();
    const ev = c.of('run-a');
    expect(ev[0]).toMatchObject({ type: 'started', backend: 'cpu' });
    const end = ev.at(-1)!;
    expect(end).toMatchObject({ runId: 'run-a', type: 'finished', status: 'completed' });
    // the weights kept are those of the epoch selected on validation, and the event says which
    const weightsEpoch = end.type === 'finished' ? end.weightsEpoch : undefined;
    expect([1, 2]).toContain(weightsEpoch);
    expect(ev.filter((e) => e.type === 'finished')).toHaveLength(1);
    expect(ev.some((e) => e.type === 'progress')).toBe(true);
    const rows = ev.flatMap((e) => (e.type === 'metrics' ? e.rows : []));
    expect(rows.every((r) => r.runId === 'run-a')).toBe(true);
    const testAcc = rows.find((r) => r.split === 'test' && r.task === 'right' && r.metric === 'accuracy' && r.epoch === weightsEpoch)!.value;
    expect(testAcc).toBeGreaterThan(0.7);

    // the weights on disk reproduce the reported test accuracy in a model built again from the design
    const dir = artifactsDir(dataDir, 'run-a');
    expect(existsSync(path.join(dir, 'model.json')) && existsSync(path.join(dir, 'weights.bin'))).toBe(true);
    await useCpu();
    const cfg = job('run-a').config;
    const model = buildModel(tf, cfg.design, [info], { seed: 99 });
    await restoreModelWeights(tf, model, dir);
    const ds = await loadDataset(dataDir, info);
    const rowsTest = Array.from(ds.splits.test);
    const acc = tf.tidy(() => {
      const x = tf.tensor2d(rowsTest.flatMap((r) => Array.from(ds.features.x.subarray(r * 8, r * 8 + 8))), [rowsTest.length, 8]);
      const p = model.forward('tiny', { x }, false).right.reshape([-1]).dataSync();
      return rowsTest.filter((r, i) => (p[i] > 0 ? 1 : 0) === ds.labels.right[r]).length / rowsTest.length;
    });
    model.dispose();
    expect(acc).toBeCloseTo(testAcc, 6);
  });

  it('queues jobs in order; stopping a queued job never starts it; a failing job reports why', async () => {
    const ex = createLocalExecutor({ concurrency: 1 });
    const c = collect(ex);
    ex.submit(job('q1', { epochs: 1 }));
    ex.submit(job('q2', { epochs: 1 }));
    ex.submit({ ...job('q3', { epochs: 1 }), datasets: [{ ...info, id: 'gone' }], config: { ...job('q3').config, datasets: ['gone'] } });
    ex.stop('q2');
    await c.finished('q1', 'q2', 'q3');
    await ex.close();
    expect(c.of('q2')).toEqual([{ runId: 'q2', type: 'finished', status: 'stopped' }]);
    const order = c.events.filter((e) => e.type === 'started' || e.type === 'finished').map((e) => `${e.runId}:${e.type}`);
    expect(order.indexOf('q1:finished')).toBeLessThan(order.indexOf('q3:started'));
    const q3 = c.of('q3').at(-1)!;
    expect(q3).toMatchObject({ type: 'finished', status: 'failed' });
    expect(q3.type === 'finished' && q3.error).toMatch(/missing|not found|gone/i);
  });

  it('stop() ends a running job as stopped, well before its epochs are done', async () => {
    const ex = createLocalExecutor({ stopGraceMs: 5000 });
    const c = collect(ex);
    let stopAt = 0;
    ex.onEvent((e) => {
      if (e.runId === 's1' && e.type === 'progress' && !stopAt) {
        stopAt = Date.now();
        ex.stop('s1');
      }
    });
    ex.submit(job('s1', { epochs: 200, batchSize: 8 }));
    await c.finished('s1');
    const took = Date.now() - stopAt;
    await ex.close();
    expect(c.of('s1').at(-1)).toMatchObject({ type: 'finished', status: 'stopped' });
    expect(took).toBeLessThan(3000); // the worker stopped by itself, within a step or so
    const epochs = c.of('s1').filter((e) => e.type === 'metrics').length;
    expect(epochs).toBeLessThan(200);
  });

  it('a worker that crashes finishes its run as failed with the error', async () => {
    const bad = path.join(dataDir, 'crash.mjs');
    writeFileSync(bad, "throw new Error('kernel exploded');\n");
    const ex = createLocalExecutor({ workerPath: bad });
    const c = collect(ex);
    ex.submit(job('c1'));
    await c.finished('c1');
    await ex.close();
    expect(c.of('c1')).toEqual([{ runId: 'c1', type: 'finished', status: 'failed', error: 'The training worker crashed: kernel exploded' }]);
  });
});
