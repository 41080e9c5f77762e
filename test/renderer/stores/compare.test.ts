// @vitest-environment happy-dom
// The Compare store over the real service (in process, a real SQLite file): what it asks for, and that its
// table equals compareRuns' on the Node side. Validation and test curves come first; train only when shown,
// or for a run that has nothing else to tabulate.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPinia, setActivePinia } from 'pinia';
import type { WorkbenchApi } from '../../../shared/api.js';
import type { MetricRow } from '../../../shared/run.js';
import { createWorkbench, type Workbench } from '../../../electron/services/workbench.js';
import { setBridge } from '../../../renderer/api.js';
import { useCompareStore } from '../../../renderer/stores/compare.js';
import { curveKey } from '../../../shared/compare/curves.js';
import { config } from '../../compare/fixtures.js';

let wb: Workbench;
let calls: { method: string; args: unknown[] }[];

/** A run stored as training would: rows epoch by epoch, then its end. */
function stored(id: string, splits: MetricRow['split'][], values: (epoch: number) => number, status: 'completed' | 'running' = 'completed'): void {
  wb.store.runs.insert({ id, name: id, config: config({ datasets: ['d1'] }), designName: 'hps' });
  wb.store.runs.markStarted(id, { backend: 'cpu', device: 'cpu', versions: {} });
  for (let epoch = 1; epoch <= 4; epoch++) {
    wb.store.metrics.insert(splits.flatMap((split) => [
      { runId: id, epoch, step: epoch * 10, split, task: 'left', metric: 'accuracy', value: values(epoch) },
      { runId: id, epoch, step: epoch * 10, split, task: 'left', metric: 'loss', value: 1 / values(epoch) },
    ]));
  }
  if (status === 'completed') wb.store.runs.finish(id, 'completed');
}

beforeEach(() => {
  setActivePinia(createPinia());
  wb = createWorkbench({ home: fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-compare-store-')), transport: 'in-process' });
  calls = [];
  const api = new Proxy(wb.api, {
    get: (target, method: string) => (...args: unknown[]) => {
      calls.push({ method, args: structuredClone(args) });
      return (target[method as keyof WorkbenchApi] as (...a: unknown[]) => Promise<unknown>)(...args);
    },
  });
  setBridge({ api, transport: 'web', on: () => () => {} });
});
afterEach(async () => {
  await wb.close();
});

describe('compare store', () => {
  it('asks for records and curves at once, validation and test first; its table is compareRuns\'', async () => {
    stored('A', ['train', 'validation', 'test'], (e) => 0.5 + e / 10);
    stored('B', ['train', 'validation'], (e) => 0.9 - e / 20);
    const store = useCompareStore();
    await store.load(['A', 'B']);
    expect(store.error).toBeNull();
    expect(calls.map((c) => c.method)).toEqual(['listRuns', 'getRunCurves']);
    expect(calls[1].args).toEqual([{ runIds: ['A', 'B'], splits: ['validation', 'test'] }]);
    expect(store.availableSplits).toEqual({ A: ['train', 'validation', 'test'], B: ['train', 'validation'] });
    const server = await wb.api.compareRuns({ runIds: ['A', 'B'] });
    expect(store.result).toEqual(server);
    expect([store.result!.selections.A.reportSplit, store.result!.selections.B.reportSplit]).toEqual(['test', 'validation']);

    // train is fetched once, when shown; the finished runs' curves are kept for the next load
    calls = [];
    await store.ensureSplit('train');
    await store.ensureSplit('train');
    expect(calls).toEqual([{ method: 'getRunCurves', args: [{ runIds: ['A', 'B'], splits: ['train'] }] }]);
    expect(store.curves.A.get(curveKey('train', 'left', 'accuracy'))!.values).toEqual([1, 2, 3, 4].map((e) => 0.5 + e / 10));
    calls = [];
    await store.load(['A', 'B']);
    expect(calls.map((c) => c.method)).toEqual(['listRuns']);
    expect(store.result).toEqual(server);
  });

  it('tabulates a run that has only train curves from train, as compareRuns does; a live run is fetched again', async () => {
    stored('T', ['train'], (e) => e / 10);
    stored('L', ['validation'], (e) => e / 5, 'running');
    const store = useCompareStore();
    await store.load(['T', 'L']);
    expect(calls.map((c) => c.method)).toEqual(['listRuns', 'getRunCurves', 'getRunCurves']);
    expect(calls[2].args).toEqual([{ runIds: ['T'], splits: ['train'] }]);
    expect(store.result).toEqual(await wb.api.compareRuns({ runIds: ['T', 'L'] }));
    expect([store.result!.selections.T.reportSplit, store.result!.selections.L.reportSplit]).toEqual(['train', 'validation']);

    // the live run grows; the next load reads it again (and not the ended one)
    wb.store.metrics.insert([{ runId: 'L', epoch: 5, step: 50, split: 'validation', task: 'left', metric: 'accuracy', value: 0.99 }]);
    calls = [];
    await store.load(['T', 'L']);
    expect(calls.map((c) => [c.method, c.args])).toEqual([['listRuns', [{ includeBaselines: true }]], ['getRunCurves', [{ runIds: ['L'], splits: ['validation', 'test'] }]]]);
    expect(store.result!.rows.find((r) => r.metric === 'accuracy')!.cells.L.value).toBe(0.99);
  });

  it('names runs that no longer exist and compares the rest', async () => {
    stored('A', ['validation'], (e) => e / 10);
    const store = useCompareStore();
    await store.load(['A', 'gone']);
    expect(store.error).toBeNull();
    expect(store.missing).toEqual(['gone']);
    expect(store.runs.map((r) => r.id)).toEqual(['A']);
    expect(store.result!.rows[0].cells.A.value).toBeCloseTo(0.4, 12);
  });
});
