// One contract suite for WorkbenchApi, run in process, over web mode (real HTTP/WebSocket) and over Electron IPC
// (the built preload in Chromium). It asserts what a caller relies on, whatever the transport.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import type { EventName, WorkbenchApi, WorkbenchEvents } from '../../shared/api.js';
import type { Design } from '../../shared/design.js';
import type { RunConfig } from '../../shared/run.js';

export interface Harness {
  api: WorkbenchApi;
  on<E extends EventName>(event: E, cb: (p: WorkbenchEvents[E]) => void): () => void;
  home: string;
  transport: 'in-process' | 'web' | 'electron';
  close(): Promise<void>;
}

/** Catches an ApiError-like rejection and returns its { code, message }. */
async function rejection(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (err) {
    const e = err as { code: string; message: string };
    return { code: e.code, message: e.message };
  }
  throw new Error('expected the call to fail');
}

const emptyDesign = (name: string): Design => ({ version: 1, name, nodes: [], edges: [] });

/** Waits for an event that satisfies pred. */
function waitFor<E extends EventName>(h: Harness, event: E, pred: (p: WorkbenchEvents[E]) => boolean, timeoutMs = 120_000): Promise<WorkbenchEvents[E]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${event}`));
    }, timeoutMs);
    const off = h.on(event, (p) => {
      if (pred(p)) {
        clearTimeout(timer);
        off();
        resolve(p);
      }
    });
  });
}

/** Polls until every run has ended (events may arrive before a caller subscribes). */
async function waitEnded(h: Harness, ids: string[], timeoutMs = 180_000): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    const runs = await Promise.all(ids.map((id) => h.api.getRun(id)));
    if (runs.every((r) => r.status !== 'queued' && r.status !== 'running')) return;
    if (Date.now() - t0 > timeoutMs) throw new Error(`runs still live after ${timeoutMs} ms: ${runs.map((r) => `${r.id} ${r.status}`).join(', ')}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export function contractSuite(setup: () => Promise<Harness>): void {
  let h: Harness;
  beforeAll(async () => {
    h = await setup();
  });
  afterAll(async () => {
    await h?.close();
  });

  describe('system', () => {
    it('reports version, data folder, transport and backends', async () => {
      const info = await h.api.getSystemInfo();
      const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
      expect(info.version).toBe(pkg.version);
      expect(info.dataDir).toBe(h.home);
      expect(info.transport).toBe(h.transport);
      expect(info.availableBackends).toContain('cpu');
      expect(info.availableBackends).toContain(info.backend);
      expect(info.device.length).toBeGreaterThan(0);
    });

    it('lists the weighting strategies with their parameters', async () => {
      const strategies = await h.api.listStrategies();
      const names = strategies.map((s) => s.name);
      for (const n of ['ew', 'uw', 'dwa', 'pcgrad', 'mgda']) expect(names).toContain(n);
      for (const s of strategies) expect(Array.isArray(s.params)).toBe(true);
    });
  });

  describe('designs', () => {
    it('save, list, get, update, delete; unknown ids are not-found', async () => {
      const saved = await h.api.saveDesign({ name: '硬共享 hard sharing', notes: 'first', design: emptyDesign('x') });
      expect(saved.design.name).toBe('硬共享 hard sharing');
      expect((await h.api.listDesigns()).map((d) => d.id)).toContain(saved.id);
      const updated = await h.api.saveDesign({ id: saved.id, name: 'renamed', design: saved.design });
      expect(updated).toMatchObject({ id: saved.id, name: 'renamed', notes: 'first', createdAt: saved.createdAt });
      expect((await h.api.getDesign(saved.id)).name).toBe('renamed');
      await h.api.deleteDesign(saved.id);
      expect(await rejection(h.api.getDesign(saved.id))).toMatchObject({ code: 'not-found', message: expect.stringContaining(saved.id) });
      expect(await rejection(h.api.deleteDesign(saved.id))).toMatchObject({ code: 'not-found' });
    });

    it('malformed arguments are refused with a message naming the argument and field', async () => {
      const bad = await rejection(h.api.saveDesign({ name: '', design: { version: 2 } } as never));
      expect(bad.code).toBe('invalid-argument');
      expect(bad.message).toMatch(/^saveDesign: /);
      expect(bad.message).toContain('req.name');
      expect(bad.message).toContain('req.design.version');
      expect(await rejection((h.api.getDesign as (...a: unknown[]) => Promise<unknown>)())).toMatchObject({ code: 'invalid-argument', message: expect.stringMatching(/getDesign.*id/) });
      expect(await rejection((h.api.listRuns as (a: unknown) => Promise<unknown>)({ status: 'sleeping' }))).toMatchObject({ code: 'invalid-argument', message: expect.stringContaining('filter.status') });
    });
  });

  describe('runs and datasets that do not exist', () => {
    it('are not-found, naming the id', async () => {
      for (const p of [h.api.getRun('nope'), h.api.getRunMetrics('nope'), h.api.exportRun('nope'), h.api.deleteRun('nope'), h.api.stopRun('nope'), h.api.getDataset('nope'), h.api.compareRuns({ runIds: ['nope'] }), h.api.getRunCurves({ runIds: ['nope'] })]) {
        const e = await rejection(p);
        expect(e.code).toBe('not-found');
        expect(e.message).toContain("'nope'");
      }
    });
  });

  describe('datasets, templates, training, compare (end to end)', () => {
    let datasetId: string;
    let runIds: string[];

    it('creates a built-in dataset and lists it', async () => {
      const sources = await h.api.listDatasetSources();
      expect(sources.map((s) => s.name)).toContain('mmoe-synthetic');
      const info = await h.api.createBuiltinDataset({ source: 'mmoe-synthetic', name: 'synthetic ρ=0.5', options: { rows: 600, p: 0.5, dim: 16 }, seed: 3 });
      datasetId = info.id;
      expect(info.tasks.length).toBe(2);
      expect((await h.api.listDatasets()).map((d) => d.id)).toContain(info.id);
      expect(await h.api.getDataset(info.id)).toEqual(info);
      const preview = await h.api.previewDataset(info.id, 5);
      expect(preview.rows.length).toBeGreaterThan(0);
      expect(preview.rows.length).toBeLessThanOrEqual(5);
    });

    it('builds a template that validates, exports Keras code', async () => {
      const design = await h.api.buildTemplate({ template: 'hps', datasetIds: [datasetId] });
      const v = await h.api.validateDesign(design);
      expect(v.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(v.ok).toBe(true);
      const keras = await h.api.exportDesignKeras(design);
      expect(keras).toMatch(/import/);
    });

    it('refuses unknown strategy parameters before anything is queued', async () => {
      const design = await h.api.buildTemplate({ template: 'hps', datasetIds: [datasetId] });
      const before = (await h.api.listRuns({ includeBaselines: true })).length;
      const e = await rejection(h.api.startRun({ ...config(design, datasetId), weighting: { name: 'dwa', params: { temperature: 2 } } }));
      expect(e).toMatchObject({ code: 'invalid-argument', message: expect.stringMatching(/config\.weighting\.params\.temperature: 'dwa' has no parameter 'temperature' \(its parameters: T\)/) });
      expect((await h.api.listRuns({ includeBaselines: true })).length).toBe(before);
    });

    it('refuses an invalid design with the problems listed', async () => {
      const design = await h.api.buildTemplate({ template: 'hps', datasetIds: [datasetId] });
      const broken = { ...design, edges: [] };
      const e = await rejection(h.api.startRun(config(broken, datasetId)));
      expect(e.code).toBe('invalid-argument');
      expect(e.message).toMatch(/startRun: config\.design is not valid: node /);
    });

    it('trains a run with baselines: events arrive, metrics are stored, the run completes', async () => {
      const design = await h.api.buildTemplate({ template: 'hps', datasetIds: [datasetId] });
      const statuses: string[] = [];
      const offStatus = h.on('runStatus', (s) => statuses.push(`${s.runId}:${s.status}`));
      let metricEvents = 0;
      const offMetrics = h.on('runMetrics', () => metricEvents++);
      let progress = 0;
      const offProgress = h.on('runProgress', () => progress++);
      const res = await h.api.startRun({ ...config(design, datasetId), baselines: true });
      runIds = res.runIds;
      expect(runIds.length).toBe(3); // the MTL run and one single-task baseline per task
      await waitEnded(h, runIds);
      await new Promise((r) => setTimeout(r, 100)); // the last events over the socket
      offStatus();
      offMetrics();
      offProgress();
      const [main, ...baselines] = await Promise.all(runIds.map((id) => h.api.getRun(id)));
      expect(main.status, main.error ?? '').toBe('completed');
      expect(main.backend).toBeTruthy();
      expect(main.device).toBeTruthy();
      expect(main.startedAt).not.toBeNull();
      expect(main.finishedAt).not.toBeNull();
      // its summary: an epoch selected on validation, both tasks' values at it, the weights' epoch recorded
      expect(Object.keys(main.summary!.tasks).sort()).toEqual(['y1', 'y2']);
      expect(main.summary!.selected).toMatchObject({ split: 'validation' });
      expect(typeof main.weightsEpoch).toBe('number');
      for (const b of baselines) {
        expect(b.status, b.error ?? '').toBe('completed');
        expect(b.baselineOf).toBe(main.id);
        expect(Object.keys(b.summary!.tasks)).toEqual([b.baselineTask]);
        expect(b.weightsEpoch).toBe(b.summary!.selected!.epoch); // selected in the loop the way the store selects
      }
      expect(statuses).toContain(`${main.id}:completed`);
      expect(metricEvents).toBeGreaterThan(0);
      expect(progress).toBeGreaterThan(0);
      const metrics = await h.api.getRunMetrics(main.id);
      expect(metrics.some((m) => m.split === 'validation' && m.task !== '')).toBe(true);
      // listing hides baselines unless asked
      expect((await h.api.listRuns()).map((r) => r.id)).toEqual([main.id]);
      expect((await h.api.listRuns({ includeBaselines: true })).length).toBe(3);
      expect((await h.api.listRuns({ datasetId })).map((r) => r.id)).toEqual([main.id]);
    });

    it('getRunCurves: per run, per split, task and metric, one value per epoch, as the stored rows say', async () => {
      const [mainId, baselineId] = runIds;
      const rows = await h.api.getRunMetrics(mainId);
      const all = await h.api.getRunCurves({ runIds: [mainId, baselineId, mainId] });
      expect(all.map((r) => r.runId)).toEqual([mainId, baselineId]); // in the order asked, once each
      expect(all[0].status).toBe('completed');
      // expected straight from the rows: per key, per epoch the row with the highest step
      const want = new Map<string, Map<number, { step: number; value: number }>>();
      for (const r of rows) {
        const key = `${r.split}/${r.task}/${r.metric}`;
        if (!want.has(key)) want.set(key, new Map());
        const prev = want.get(key)!.get(r.epoch);
        if (!prev || r.step >= prev.step) want.get(key)!.set(r.epoch, { step: r.step, value: r.value });
      }
      const got = new Map(all[0].curves.map((c) => [`${c.split}/${c.task}/${c.metric}`, c]));
      expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
      for (const [key, byEpoch] of want) {
        const c = got.get(key)!;
        const points = c.values.map((v, i) => [c.epochs ? c.epochs[i] : c.firstEpoch + i, v] as const).filter(([, v]) => v !== null);
        const expected = [...byEpoch].sort((a, b) => a[0] - b[0]).filter(([, p]) => Number.isFinite(p.value)).map(([e, p]) => [e, p.value]);
        expect(points, key).toEqual(expected);
      }
      // one value per validation epoch, no more
      const epochs = new Set(rows.filter((r) => r.split === 'validation').map((r) => r.epoch));
      expect(got.get('validation/y1/loss')!.values.length).toBe(epochs.size);

      // filters: only what is asked for; the splits the run has are named all the same
      const filtered = await h.api.getRunCurves({ runIds: [mainId], splits: ['validation'], tasks: ['y1'], metrics: ['loss'] });
      expect(filtered[0].curves.map((c) => [c.split, c.task, c.metric])).toEqual([['validation', 'y1', 'loss']]);
      expect([...filtered[0].splits].sort()).toEqual([...new Set(rows.map((r) => r.split))].sort());
      expect(all[0].splits).toEqual(filtered[0].splits);
      expect((await h.api.getRunCurves({ runIds: [mainId], splits: ['diagnostics'] }))[0].curves.every((c) => c.split === 'diagnostics')).toBe(true);
      expect((await h.api.getRunCurves({ runIds: [mainId], tasks: ['no such task'] }))[0].curves).toEqual([]);

      // an unknown run is not-found, naming it and where it was asked for
      expect(await rejection(h.api.getRunCurves({ runIds: [mainId, 'nope'] }))).toMatchObject({ code: 'not-found', message: "getRunCurves: req.runIds[1]: run 'nope' does not exist." });
      // malformed arguments name the argument and field
      const call = h.api.getRunCurves as (...a: unknown[]) => Promise<unknown>;
      const bad: [unknown[], RegExp][] = [
        [[], /^getRunCurves: .*req/],
        [[{}], /req\.runIds: missing/],
        [[{ runIds: [] }], /req\.runIds: pick at least one run/],
        [[{ runIds: 'abc' }], /req\.runIds/],
        [[{ runIds: [''] }], /req\.runIds\[0\]: must not be empty/],
        [[{ runIds: [mainId], splits: ['holdout'] }], /req\.splits\[0\]/],
        [[{ runIds: [mainId], splits: [] }], /req\.splits: leave it out for every split/],
        [[{ runIds: [mainId], metrics: [42] }], /req\.metrics\[0\]/],
        [[{ runIds: [mainId], epochs: [1] }], /req: .*epochs/],
        [[{ runIds: [mainId] }, 'extra'], /getRunCurves takes at most 1 argument/],
      ];
      for (const [args, message] of bad) {
        const e = await rejection(call(...args));
        expect(e.code, JSON.stringify(args)).toBe('invalid-argument');
        expect(e.message, JSON.stringify(args)).toMatch(message);
      }
    });

    it('compares runs against their baselines by default, exports, updates, deletes', async () => {
      const [mainId] = runIds;
      const cmp = await h.api.compareRuns({ runIds: [mainId] });
      expect(cmp.runIds).toEqual([mainId]);
      // every cell: the run's curve on its reported split at the selected epoch, and at the last epoch
      const [own] = await h.api.getRunCurves({ runIds: [mainId] });
      const { reportSplit: split, epoch } = cmp.selections[mainId];
      expect(split).toBe('test');
      for (const row of cmp.rows) {
        const c = own.curves.find((x) => x.split === split && x.task === row.task && x.metric === row.metric)!;
        const vals = c.values.filter((v): v is number => v !== null);
        expect(row.cells[mainId].value).toBe(c.values[epoch! - c.firstEpoch]);
        expect(row.cells[mainId].last).toBe(vals[vals.length - 1]);
      }
      expect(cmp.baselineRunIds.sort()).toEqual(runIds.slice(1).sort());
      expect(cmp.rows.length).toBeGreaterThan(0);
      expect(typeof cmp.deltaM[mainId]).toBe('number');
      const exported = await h.api.exportRun(mainId);
      expect(exported.run.id).toBe(mainId);
      expect(exported.metrics.length).toBe((await h.api.getRunMetrics(mainId)).length);
      const upd = await h.api.updateRun(mainId, { tags: ['contract'], notes: '备注', name: 'renamed run' });
      expect(upd).toMatchObject({ tags: ['contract'], notes: '备注', name: 'renamed run' });
      expect(await rejection(h.api.stopRun(mainId))).toMatchObject({ code: 'conflict' });
      await h.api.deleteRun(mainId);
      for (const id of runIds) expect(await rejection(h.api.getRun(id))).toMatchObject({ code: 'not-found' });
    });

    it('trains one run per seed; compare groups them (mean ± std)', async () => {
      const design = await h.api.buildTemplate({ template: 'hps', datasetIds: [datasetId] });
      const { runIds: ids } = await h.api.startRun({ ...config(design, datasetId), epochs: 1, maxStepsPerEpoch: 1, seed: 5, seeds: [5, 6, 6] });
      expect(ids).toHaveLength(2);
      await waitEnded(h, ids);
      const runs = await Promise.all(ids.map((id) => h.api.getRun(id)));
      expect(runs.map((r) => [r.seed, r.status])).toEqual([[5, 'completed'], [6, 'completed']]);
      expect(runs[0].config.seeds).toBeUndefined();
      const cmp = await h.api.compareRuns({ runIds: ids });
      expect(cmp.seedGroups).toEqual([ids]);
      const cell = cmp.rows[0].cells[ids[0]];
      expect(cell.stats).toMatchObject({ n: 2, mean: expect.any(Number), std: expect.any(Number) });
      expect(cell.stats!.ci95).toHaveLength(2);
    });

    it('stops a run on request', async () => {
      const design = await h.api.buildTemplate({ template: 'hps', datasetIds: [datasetId] });
      const { runIds: [id] } = await h.api.startRun({ ...config(design, datasetId), epochs: 500, maxStepsPerEpoch: undefined });
      const progressed = waitFor(h, 'runProgress', (p) => p.runId === id);
      await progressed;
      const ended = waitFor(h, 'runStatus', (s) => s.runId === id && s.status === 'stopped');
      await h.api.stopRun(id);
      await ended;
      const run = await h.api.getRun(id);
      expect(run.status).toBe('stopped');
      expect(run.finishedAt).not.toBeNull();
    });
  });
}

function config(design: Design, datasetId: string): RunConfig {
  return {
    design,
    datasets: [datasetId],
    optimizer: { name: 'adam', lr: 0.01 },
    schedule: { kind: 'constant' },
    epochs: 2,
    batchSize: 32,
    weighting: { name: 'uw', params: {} },
    seed: 1,
    backend: 'cpu',
    maxStepsPerEpoch: 3,
  };
}
