// startRun refuses, with 400 and the field named, what it used to accept and fail on later (or silently change):
// an early-stopping metric the task does not compute, a designId that does not exist, a dataset listed twice,
// an unknown top-level key, a Dense layer's units set to null. Nothing is queued.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Design } from '../../shared/design.js';
import type { RunConfig } from '../../shared/run.js';
import { createWorkbench, type Workbench } from '../../electron/services/workbench.js';
import { startWebServer, type WebServer } from '../../electron/web/server.js';

let wb: Workbench;
let server: WebServer;
let home: string;
let datasetId: string;
let design: Design;

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-refusals-'));
  wb = createWorkbench({ home, transport: 'web' });
  server = await startWebServer({ workbench: wb });
  datasetId = (await wb.api.createBuiltinDataset({ source: 'mmoe-synthetic', options: { rows: 200, dim: 8 }, seed: 1 })).id;
  design = await wb.api.buildTemplate({ template: 'hps', datasetIds: [datasetId] });
});

afterAll(async () => {
  await server?.close();
  await wb?.close();
  fs.rmSync(home, { recursive: true, force: true });
});

const base = (): RunConfig => ({
  design, datasets: [datasetId], optimizer: { name: 'adam', lr: 0.01 }, schedule: { kind: 'constant' },
  epochs: 1, batchSize: 32, weighting: { name: 'ew', params: {} }, seed: 0,
});

async function refused(config: unknown): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${server.port}/api/startRun`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-mtlw-token': server.token },
    body: JSON.stringify({ args: [config] }),
  });
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(res.status, body.error?.message).toBe(400);
  expect(body.error.code).toBe('invalid-argument');
  return body.error.message;
}

describe('startRun refuses what it would fail on later', () => {
  it('an early-stopping metric the task does not compute', async () => {
    const task = (await wb.api.getDataset(datasetId)).tasks[0].name;
    const msg = await refused({ ...base(), earlyStopping: { task, metric: 'nosuch', patience: 2 } });
    expect(msg).toBe(`startRun: config.earlyStopping.metric: 'nosuch' is not computed for task '${task}' (regression); choose one of loss, mse, mae, rmse, r2.`);
    expect(await refused({ ...base(), earlyStopping: { task, metric: 'accuracy', patience: 2 } })).toMatch(/config\.earlyStopping\.metric: 'accuracy' is not computed/);
  });

  it('a designId that does not exist', async () => {
    expect(await refused({ ...base(), designId: 'no-such-design' })).toBe(
      "startRun: config.designId: no saved design 'no-such-design' (leave designId out for a design that is not saved).",
    );
  });

  it('a dataset listed twice', async () => {
    expect(await refused({ ...base(), datasets: [datasetId, datasetId] })).toBe(
      `startRun: config.datasets[1]: dataset '${datasetId}' is listed twice (also config.datasets[0]).`,
    );
  });

  it('an unknown top-level key (it would be stored in the config)', async () => {
    expect(await refused({ ...base(), epochz: 3 })).toMatch(/^startRun: config: .*"epochz"/);
  });

  it("a Dense layer's units set to null instead of quietly taking the default", async () => {
    const dense = design.nodes.find((n) => n.kind === 'Dense')!;
    const nulled = { ...design, nodes: design.nodes.map((n) => (n.id === dense.id ? { ...n, params: { ...n.params, units: null } } : n)) };
    expect(await refused({ ...base(), design: nulled })).toMatch(new RegExp(`config\\.design is not valid: node ${dense.id}: .*units is null: give a value, or leave it out to get the default \\(\\d+\\)`));
  });

  it('queued nothing', async () => {
    expect(await wb.api.listRuns({ includeBaselines: true })).toEqual([]);
  });
});
