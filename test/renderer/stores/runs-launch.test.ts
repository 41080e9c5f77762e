// @vitest-environment happy-dom
// A launch from the UI is one startRun: the service makes one run per seed, all or none, named as the CLI's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createPinia, setActivePinia } from 'pinia';
import type { WorkbenchApi } from '../../../shared/api.js';
import type { RunConfig } from '../../../shared/run.js';
import { createWorkbench, type Workbench } from '../../../electron/services/workbench.js';
import { setBridge } from '../../../renderer/api.js';
import { useRunsStore } from '../../../renderer/stores/runs.js';

let wb: Workbench;
let home: string;
let config: RunConfig;
const calls: string[] = [];

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-launch-'));
  wb = createWorkbench({ home, transport: 'in-process' });
  const ds = await wb.api.createBuiltinDataset({ source: 'mmoe-synthetic', options: { rows: 60, dim: 3 }, seed: 1 });
  const design = await wb.api.buildTemplate({ template: 'hps', datasetIds: [ds.id] });
  config = {
    name: 'sweep', design, datasets: [ds.id], optimizer: { name: 'adam', lr: 0.01 }, schedule: { kind: 'constant' },
    epochs: 1, batchSize: 16, maxStepsPerEpoch: 1, weighting: { name: 'ew', params: {} }, seed: 3, seeds: [3, 4], backend: 'cpu',
  };
  const api = new Proxy(wb.api, {
    get: (target, method: string) => (...args: unknown[]) => {
      calls.push(method);
      return (target[method as keyof WorkbenchApi] as (...a: unknown[]) => Promise<unknown>)(...args);
    },
  });
  setActivePinia(createPinia());
  setBridge({ api, transport: 'web', on: () => () => {} });
}, 60_000);

afterAll(async () => {
  await wb.close();
  fs.rmSync(home, { recursive: true, force: true });
});

describe('runs store launch', () => {
  it('starts every seed with one startRun, the runs named as the service names them for the CLI', async () => {
    const ids = await useRunsStore().start(config);
    expect(calls.filter((c) => c === 'startRun')).toHaveLength(1);
    const runs = await Promise.all(ids.map((id) => wb.api.getRun(id)));
    expect(runs.map((r) => [r.name, r.seed])).toEqual([['sweep · seed 3', 3], ['sweep · seed 4', 4]]);
  }, 60_000);

  it('a launch the service refuses creates no run for any seed', async () => {
    const before = (await wb.api.listRuns({ includeBaselines: true })).length;
    await expect(useRunsStore().start({ ...config, seeds: [5, 6], weighting: { name: 'dwa', params: { T: -1 } } })).rejects.toMatchObject({ code: 'invalid-argument' });
    expect(await wb.api.listRuns({ includeBaselines: true })).toHaveLength(before);
  });
});
