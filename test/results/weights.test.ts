// The weights kept are the selected epoch's, also where the selection (validation Δm, the default with
// baselines) can only be made once the baselines, which train after the run, have ended: the run keeps a
// checkpoint per epoch until then, and the store keeps the selected one.
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createWorkbench } from '../../electron/services/workbench.js';
import type { RunRecord } from '../../shared/run.js';

describe('weights at the selected epoch', () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-weights-'));
  const wb = createWorkbench({ home, transport: 'in-process' });
  afterAll(async () => {
    await wb.close();
    fs.rmSync(home, { recursive: true, force: true });
  });

  it('a run trained with baselines ends with the weights of its epoch selected by validation Δm', async () => {
    const ds = await wb.api.createBuiltinDataset({ source: 'mmoe-synthetic', name: 's', options: { rows: 600, dim: 8, p: 0.5 }, seed: 4 });
    const design = await wb.api.buildTemplate({ template: 'hps', datasetIds: [ds.id] });
    const ended = new Set<string>();
    const { runIds } = await wb.api.startRun({
      design, datasets: [ds.id], optimizer: { name: 'adam', lr: 0.02 }, schedule: { kind: 'constant' }, epochs: 5, batchSize: 32,
      weighting: { name: 'ew', params: {} }, seed: 2, backend: 'cpu', maxStepsPerEpoch: 3, baselines: true,
    });
    await new Promise<void>((resolve) => {
      const off = wb.events.on('runStatus', (s) => {
        if (s.status !== 'queued' && s.status !== 'running') ended.add(s.runId);
        if (runIds.every((id) => ended.has(id))) {
          off();
          resolve();
        }
      });
    });
    const [main, ...baselines]: RunRecord[] = await Promise.all(runIds.map((id) => wb.api.getRun(id)));
    for (const r of [main, ...baselines]) expect(r.status, r.error ?? '').toBe('completed');
    expect(main.summary!.rule).toEqual({ kind: 'delta-m' });
    expect(main.weightsEpoch).toBe(main.summary!.selected!.epoch);
    const dir = path.join(home, 'artifacts', main.id);
    expect(fs.existsSync(path.join(dir, 'epochs'))).toBe(false); // the other epochs are gone
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
    expect(manifest.userDefinedMetadata.epoch).toBe(main.summary!.selected!.epoch);
    // baselines select on their own (one task: its metric relative to epoch 1), in the loop as in the store
    for (const b of baselines) {
      expect(b.summary!.rule).toEqual({ kind: 'mean-normalized' });
      expect(b.weightsEpoch).toBe(b.summary!.selected!.epoch);
      expect(fs.existsSync(path.join(home, 'artifacts', b.id, 'epochs'))).toBe(false);
    }
  }, 240_000);
});
