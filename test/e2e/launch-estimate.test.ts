// The launch form says how many steps an epoch has (as the sampler plans them) and about how long a run takes at
// this machine's measured speed (the same estimate as the sweep form), in English and Chinese; both follow edits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from './harness.js';

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 60_000, interval: 200 });

describe('launch form: steps per epoch and estimated time (web mode, Chromium)', () => {
  let app: App;

  beforeAll(async () => {
    app = await startApp({ locale: 'en', viewport: { width: 1600, height: 1000 } });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('shows steps per epoch and a time estimate once a run has measured the speed', async () => {
    const { api } = app.workbench;
    const ds = await api.createBuiltinDataset({ source: 'mmoe-synthetic', name: 'synthetic', options: { rows: 600, dim: 4, p: 0.5 } });
    const design = await api.buildTemplate({ template: 'mmoe', datasetIds: [ds.id] });
    const [runId] = (await api.startRun({
      design, datasets: [ds.id], optimizer: { name: 'adam', lr: 0.01 }, schedule: { kind: 'constant' },
      epochs: 2, batchSize: 64, weighting: { name: 'ew', params: {} }, seed: 0, backend: 'cpu', name: 'speed probe',
    })).runIds;
    await poll(async () => (await api.getRun(runId)).status).toBe('completed');
    const train = ds.splits.train;
    const steps = Math.ceil(train / 64);

    const { page } = app;
    for (const l of ['en', 'zh'] as const) {
      await page.evaluate((x) => localStorage.setItem('mtlw-locale', x), l);
      await page.reload();
      await page.waitForSelector('[data-testid="statusbar"]');
      await app.goto('runs');
      await page.evaluate((id) => (location.hash = `#/runs?run=${id}`), runId);
      await page.click('[data-testid="run-live-relaunch"]');
      await page.waitForSelector('[data-testid="launch-budget"]');
      if (l === 'en') {
        await poll(() => page.textContent('[data-testid="launch-budget"]')).toContain(`${steps} steps per epoch × 2 epochs = ${steps * 2} steps per run.`);
        await poll(() => page.textContent('[data-testid="launch-estimate"]')).toMatch(/^About \d+ (s|min) per run \(this machine measured [\d,]+ samples\/s on “speed probe”\)\.$/);
        // edits follow: batch 16 makes 4× the steps; a cap of 3 steps caps them
        await page.fill('[data-testid="launch-batch-size"]', '16');
        await poll(() => page.textContent('[data-testid="launch-budget"]')).toContain(`${Math.ceil(train / 16)} steps per epoch × 2 epochs`);
        await page.fill('[data-testid="launch-max-steps"]', '3');
        await poll(() => page.textContent('[data-testid="launch-budget"]')).toContain('3 steps per epoch × 2 epochs = 6 steps per run.');
        await page.fill('[data-testid="launch-max-steps"]', '');
        await page.fill('[data-testid="launch-batch-size"]', '64');
      } else {
        await poll(() => page.textContent('[data-testid="launch-budget"]')).toContain(`每轮 ${steps} 步 × 2 轮 = 每次运行 ${steps * 2} 步。`);
        await poll(() => page.textContent('[data-testid="launch-estimate"]')).toMatch(/^每次运行约 \d+ (秒|分钟)（本机在“speed probe”上测得 [\d,]+ 样本\/秒）。$/);
      }
      await page.locator('[data-testid="launch-budget"]').scrollIntoViewIfNeeded();
      await app.shot(`launch-estimate-${l}`, '[data-testid="launch-dialog"]');
      await page.click('[data-testid="launch-cancel"]');
    }
    expect(app.errors).toEqual([]);
  }, 240_000);
});
