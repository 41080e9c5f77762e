// One MTL run per architecture template through the engine on webgpu: masked losses (a task with missing
// labels), metrics, loss and gradient strategies, the four optimizers (Adam through the generic path: the
// fused Adam is wasm's), weights saved and restored, and no tensor or GPU buffer leaking from epoch to epoch.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../electron/engine/backend.js';
import { loadSavedWeights, saveModelWeights } from '../../../electron/engine/train/artifacts.js';
import { buildTemplate, listTemplates } from '../../../shared/templates/index.js';
import type { OptimizerConfig } from '../../../shared/run.js';
import { config, tinyDataset } from '../train/helpers.js';
import { quiet, release, webgpuHere } from './adapter.js';
import { trainOnWebgpu } from './run.js';

const here = await webgpuHere();
// 64 rows: train 44, validation 10, test 10 (few distinct batch shapes: SwiftShader compiles a shader per shape)
const ds = tinyDataset({ rows: 64, tasks: ['left', 'right', 'value'], missing: { value: 0.3 } });
const STRATEGIES = ['mgda', 'ew', 'pcgrad', 'uw', 'dwa', 'cagrad', 'imtl-g', 'gradnorm'];
const OPTIMIZERS: OptimizerConfig[] = [
  { name: 'adam', lr: 0.01 },
  { name: 'sgd', lr: 0.05, momentum: 0.9 },
  { name: 'adamw', lr: 0.01 },
  { name: 'rmsprop', lr: 0.005 },
];

describe.skipIf(here.skip !== null)(`webgpu: one run per template through the engine${here.skip ? ` (skipped: ${here.skip})` : ''}`, () => {
  afterAll(async () => {
    await initBackend('cpu', quiet);
    await release();
  });

  const templates = listTemplates().filter((t) => t.name !== 'single-task');
  templates.forEach((t, i) => {
    const weighting = STRATEGIES[i % STRATEGIES.length];
    const optimizer = OPTIMIZERS[i % OPTIMIZERS.length];
    it(`${t.name} with ${weighting} and ${optimizer.name}: completes, metrics for every task, no leak across epochs`, async () => {
      const cfg = config({ design: buildTemplate(t.name, [ds.info]), epochs: 3, batchSize: 16, maxStepsPerEpoch: 2, optimizer, weighting: { name: weighting, params: {} } });
      const run = await trainOnWebgpu(cfg, [ds]);
      try {
        expect(run.result.status, run.result.error).toBe('completed');
        expect(run.result.steps).toBe(6);
        for (const task of ['left', 'right', 'value']) {
          const loss = run.rows.filter((r) => r.split === 'test' && r.task === task && r.metric === 'loss');
          expect(loss.map((r) => r.epoch), task).toEqual([1, 2, 3]);
          for (const r of loss) expect(Number.isFinite(r.value), `${task} loss`).toBe(true);
        }
        expect(run.rows.some((r) => r.split === 'test' && r.task === 'left' && r.metric === 'accuracy')).toBe(true);
        expect(run.rows.some((r) => r.split === 'test' && r.task === 'value' && r.metric === 'mse')).toBe(true);
        // leak check: after epoch 2 and after epoch 3 the same tensors and the same GPU bytes are live
        expect(run.memory.map((m) => m.epoch)).toEqual([1, 2, 3]);
        expect(run.memory[2].tensors, 'tensors').toBe(run.memory[1].tensors);
        expect(run.memory[2].gpuBytes, 'GPU bytes in use').toBe(run.memory[1].gpuBytes);
        expect(run.memory[2].gpuBytes).toBeGreaterThan(0);
      } finally {
        run.model.dispose();
      }
    });
  });

  it('saves the weights trained on webgpu and reads them back equal', async () => {
    const cfg = config({ design: buildTemplate('mmoe', [ds.info]), epochs: 1, batchSize: 16, maxStepsPerEpoch: 2 });
    const run = await trainOnWebgpu(cfg, [ds]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-webgpu-'));
    try {
      const { tf } = await initBackend('webgpu', quiet);
      await saveModelWeights(tf, run.model, cfg.design, dir, { backend: 'webgpu' });
      const saved = await loadSavedWeights(tf, dir);
      const vars = run.model.allVariables;
      expect(saved.names.length).toBe(vars.length);
      const live = Object.fromEntries(vars.map((v) => [v.name, Array.from(v.dataSync())]));
      for (const [name, t] of Object.entries(saved.tensors)) {
        const match = Object.entries(live).find(([n]) => n === name || n.replace(/_\d+$/, '') === name.replace(/_\d+$/, ''));
        if (match) expect(Array.from(t.dataSync()), name).toEqual(match[1]);
      }
      tf.dispose(Object.values(saved.tensors));
    } finally {
      run.model.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops between steps when asked, as on the other backends', async () => {
    const controller = new AbortController();
    const cfg = config({ design: buildTemplate('hps', [ds.info]), epochs: 5, batchSize: 8 });
    const run = await trainOnWebgpu(cfg, [ds], { signal: controller.signal, onEvent: (e) => e.type === 'progress' && controller.abort() });
    run.model.dispose();
    expect(run.result.status).toBe('stopped');
    expect(run.result.steps).toBeLessThan(5 * Math.ceil(ds.splits.train.length / 8));
  });
});
