// Out of GPU memory during a run: a device error between epochs (here a buffer over the adapter's limit, as
// another allocation filling the GPU would cause) fails the run at the next readback, with the epochs before
// it reported; the message names the batch size and the design once explained for the run record.
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../electron/engine/backend.js';
import { explainGpuMemoryFailure } from '../../../electron/engine/backends/gpu-memory.js';
import { buildTemplate } from '../../../shared/templates/index.js';
import { config, tinyDataset } from '../train/helpers.js';
import { quiet, release, webgpuHere } from './adapter.js';
import { trainOnWebgpu } from './run.js';

const here = await webgpuHere();
const ds = tinyDataset({ rows: 64 });

describe.skipIf(here.skip !== null)(`webgpu: out of GPU memory fails the run, earlier epochs kept${here.skip ? ` (skipped: ${here.skip})` : ''}`, () => {
  afterAll(async () => {
    await initBackend('cpu', quiet);
    await release();
  });

  it('fails at the first readback after the device error, after epoch 1 was reported', async () => {
    const { tf } = await initBackend('webgpu', quiet);
    const over = Math.floor(here.adapter!.maxBufferSize / 4) + 1;
    const cfg = config({ design: buildTemplate('mmoe', [ds.info]), epochs: 3, batchSize: 16, maxStepsPerEpoch: 2 });
    let pressed = false;
    const run = await trainOnWebgpu(cfg, [ds], {
      onEvent: (e) => {
        if (e.type === 'metrics' && !pressed) {
          pressed = true;
          tf.dispose(tf.fill([over], 1)); // a GPU program writing more than one buffer may hold
        }
      },
    });
    run.model.dispose();
    expect(run.result.status).toBe('failed');
    expect(run.result.error).toMatch(/out of GPU memory on .*swiftshader|out of GPU memory on /);
    expect(run.result.epochs).toBe(1);
    const epochs = run.rows.filter((r) => r.split === 'test' && r.metric === 'loss').map((r) => r.epoch);
    expect(epochs.length).toBeGreaterThan(0);
    expect(new Set(epochs)).toEqual(new Set([1]));
    const finished = run.events.find((e) => e.type === 'finished')!;
    const explained = explainGpuMemoryFailure(finished as Extract<typeof finished, { type: 'finished' }>, cfg, 'the adapter');
    expect(explained.error).toContain(`Out of GPU memory at batch size 16 with design '${cfg.design.name}' on the adapter. The epochs before this one are kept`);
  });
});
