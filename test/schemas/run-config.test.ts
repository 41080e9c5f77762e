// The run config as it enters the Node side: unknown keys are refused (so config_json holds only known
// fields), at the top and inside, with a message naming where; the design inside drops unknown keys.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createWorkbench, type Workbench } from '../../electron/services/workbench.js';
import { runConfigSchema } from '../../shared/schemas/run.js';
import { designSchema } from '../../shared/schemas/design.js';
import { isLive, type RunConfig } from '../../shared/run.js';

const config = (): RunConfig => ({
  design: { version: 1, name: 'd', nodes: [], edges: [] },
  datasets: ['ds'],
  optimizer: { name: 'adam', lr: 0.01 },
  schedule: { kind: 'constant' },
  epochs: 2,
  batchSize: 32,
  weighting: { name: 'ew', params: {} },
  seed: 1,
});

describe('run config schema', () => {
  it('accepts a config of known keys as it is', () => {
    expect(runConfigSchema.parse(config())).toEqual(config());
  });

  it('refuses an unknown key at the top and inside, naming it', () => {
    const top = runConfigSchema.safeParse({ ...config(), epoch: 5 });
    expect(top.success).toBe(false);
    expect(top.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['epoch'], path: [] });
    const inner = runConfigSchema.safeParse({ ...config(), optimizer: { name: 'sgd', lr: 0.1, momentun: 0.9 } });
    expect(inner.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['momentun'], path: ['optimizer'] });
    const schedule = runConfigSchema.safeParse({ ...config(), schedule: { kind: 'constant', gamma: 0.5 } });
    expect(schedule.success).toBe(false);
  });

  it('drops unknown keys of a design rather than storing them', () => {
    const design = { version: 1, name: 'd', extra: 1, nodes: [{ id: 'a', kind: 'Input', params: {}, position: { x: 0, y: 0 }, selected: true }], edges: [] };
    expect(designSchema.parse(design)).toEqual({ version: 1, name: 'd', nodes: [{ id: 'a', kind: 'Input', params: {}, position: { x: 0, y: 0 } }], edges: [] });
  });
});

describe('startRun at the service edge', () => {
  let home: string;
  let wb: Workbench;
  beforeAll(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-config-'));
    wb = createWorkbench({ home, transport: 'in-process' });
  });
  const waitEnded = async (id: string) => {
    for (let i = 0; i < 600 && isLive((await wb.api.getRun(id)).status); i++) await new Promise((r) => setTimeout(r, 100));
  };
  afterAll(async () => {
    await wb.close();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('early stopping on a task or metric the design does not train is refused at the edge (the engine trusts it)', async () => {
    const ds = await wb.api.createBuiltinDataset({ source: 'mmoe-synthetic', options: { rows: 60, dim: 3 }, seed: 1 });
    const design = await wb.api.buildTemplate({ template: 'hps', datasetIds: [ds.id] });
    const base = { ...config(), design, datasets: [ds.id] };
    await expect(wb.api.startRun({ ...base, earlyStopping: { task: 'middle', metric: 'loss', patience: 1 } })).rejects.toMatchObject({
      code: 'invalid-argument', message: expect.stringMatching(/^startRun: config\.earlyStopping\.task: no task 'middle' in the datasets \(y1, y2\)/),
    });
    await expect(wb.api.startRun({ ...base, earlyStopping: { task: 'y1', metric: 'auc', patience: 1 } })).rejects.toMatchObject({
      code: 'invalid-argument', message: expect.stringMatching(/^startRun: config\.earlyStopping\.metric: 'auc' is not computed for task 'y1'/),
    });
    expect(await wb.api.listRuns({ includeBaselines: true })).toEqual([]);
  });

  it("a run's datasets are those its design draws on, whatever else the config lists", async () => {
    const used = await wb.api.createBuiltinDataset({ source: 'mmoe-synthetic', options: { rows: 60, dim: 3 }, seed: 2 });
    const other = await wb.api.createBuiltinDataset({ source: 'mmoe-synthetic', options: { rows: 60, dim: 3 }, seed: 3 });
    const design = await wb.api.buildTemplate({ template: 'hps', datasetIds: [used.id] });
    const cfg: RunConfig = { ...config(), design, datasets: [other.id, used.id], epochs: 1, maxStepsPerEpoch: 1, backend: 'cpu' };
    const { runIds: [id] } = await wb.api.startRun(cfg);
    const run = await wb.api.getRun(id);
    expect(run.config.datasets).toEqual([used.id]);
    expect(run.datasetIds).toEqual([used.id]);
    await waitEnded(id);
    await wb.api.deleteRun(id);
  }, 60_000);

  it('is refused before anything is stored, the message naming the key and where', async () => {
    const call = wb.api.startRun({ ...config(), batchsize: 64 } as RunConfig);
    await expect(call).rejects.toMatchObject({ code: 'invalid-argument', message: expect.stringMatching(/^startRun: config: .*"batchsize"/) });
    expect(await wb.api.listRuns({ includeBaselines: true })).toEqual([]);
  });
});
