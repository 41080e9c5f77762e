// Task affinity in the Runs view, end to end in headless Chromium through web mode with real training: a run
// on MMoE's synthetic pair (p = 0.9) measuring affinity every 2 steps shows the heatmap over epochs beside the
// gradient cosines, suggests grouping the two tasks, and one click opens the design with one trunk per group.
// The Train dialog prints the affinity cost. Screenshots in English and Chinese.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetInfo } from '../../shared/dataset.js';
import type { Design } from '../../shared/design.js';
import { startApp, type App } from './harness.js';

describe('Runs view: task affinity heatmap, suggested grouping, grouped design (web mode, Chromium, real training)', () => {
  let app: App;
  let data: DatasetInfo;
  let design: Design;
  let runId = '';

  beforeAll(async () => {
    app = await startApp({ locale: 'en', viewport: { width: 1500, height: 1100 } });
    data = await app.workbench.api.createBuiltinDataset({ source: 'mmoe-synthetic', name: 'synthetic p=0.9', options: { rows: 1500, dim: 8, p: 0.9 }, seed: 3 });
    design = { ...(await app.workbench.api.buildTemplate({ template: 'hps', datasetIds: [data.id] })), name: 'HPS synthetic' };
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('draws the heatmap of both directed pairs per epoch and suggests one group for correlated tasks', async () => {
    const { page } = app;
    const { runIds } = await app.workbench.api.startRun({
      name: 'EW with affinity', design, datasets: [data.id], optimizer: { name: 'adam', lr: 0.01 }, schedule: { kind: 'constant' },
      epochs: 3, batchSize: 64, weighting: { name: 'ew', params: {} }, seed: 1, backend: 'cpu', affinity: { every: 2 },
    });
    runId = runIds[0];
    await page.goto(`${app.url.split('#')[0]}#/runs?run=${runId}`);
    await page.waitForSelector(`[data-testid="run-live"][data-run-id="${runId}"][data-status="completed"]`, { timeout: 180_000 });
    const summary = () => page.getAttribute('[data-testid="live-chart-affinity"]', 'data-summary');
    await expect.poll(summary, { timeout: 30_000 }).toMatch(/^y1>y2:3:.*\|y2>y1:3:/); // 3 epochs for each direction
    // the card sits beside the gradient cosines
    expect(await page.isVisible('[data-testid="live-chart-cosines"]')).toBe(true);
    expect(await page.getAttribute('[data-testid="affinity-grouping-1"]', 'data-groups')).toBe('y1 + y2');
    expect(await page.getAttribute('[data-testid="affinity-grouping-2"]', 'data-groups')).toBe('y1  |  y2');
    expect(await page.textContent('[data-testid="affinity-grouping-1"]')).toContain('suggested');
    // no per-task chart for the pair keys
    expect(await page.locator('[data-testid="live-chart-loss-y1>y2"]').count()).toBe(0);
    await page.locator('[data-testid="affinity-grouping"]').scrollIntoViewIfNeeded();
    await app.shot('runs-affinity-en', '[data-testid="run-live"]');
    expect(app.errors).toEqual([]);
  }, 240_000);

  it('one click opens the grouped design: one trunk per group', async () => {
    const { page } = app;
    await page.click('[data-testid="affinity-create-2"]');
    await page.waitForSelector('[data-testid="view-designer"]');
    const names = await page.$$eval('.vue-flow__node', (els) => els.map((e) => e.getAttribute('data-id')));
    expect(names.filter((n) => n?.includes('~g0')).length).toBeGreaterThan(0);
    expect(names.filter((n) => n?.includes('~g1')).length).toBe(names.filter((n) => n?.includes('~g0')).length);
    await app.shot('designer-affinity-grouped-en');
  });

  it('the Train dialog prints the affinity cost; the same screens in Chinese', async () => {
    const { page } = app;
    await page.click('[data-testid="toolbar-train"]');
    await page.waitForSelector('[data-testid="launch-dialog"]');
    await page.fill('[data-testid="launch-affinity"]', '10');
    await expect.poll(() => page.textContent('[data-testid="launch-affinity-cost"]')).toMatch(/≈ \+\d+% training time: \d+ measurements of 2 backward \+ 3 forward passes/);
    await app.shot('runs-launch-affinity-en', '[data-testid="launch-dialog"]');
    await page.click('[data-testid="launch-cancel"]');

    await page.evaluate(() => localStorage.setItem('mtlw-locale', 'zh'));
    await page.goto(`${app.url.split('#')[0]}#/runs?run=${runId}`);
    await page.waitForSelector(`[data-testid="run-live"][data-run-id="${runId}"][data-status="completed"]`);
    await expect.poll(() => page.textContent('[data-testid="affinity-grouping-1"]')).toContain('建议');
    expect(await page.textContent('[data-testid="live-chart-affinity"]')).toContain('任务亲和度');
    await page.locator('[data-testid="affinity-grouping"]').scrollIntoViewIfNeeded();
    await app.shot('runs-affinity-zh', '[data-testid="run-live"]');
    await page.click('[data-testid="affinity-create-2"]');
    await page.waitForSelector('[data-testid="view-designer"]');
    await page.click('[data-testid="toolbar-train"]');
    await page.waitForSelector('[data-testid="launch-dialog"]');
    await page.fill('[data-testid="launch-affinity"]', '10');
    await expect.poll(() => page.textContent('[data-testid="launch-affinity-cost"]')).toMatch(/约增加 \d+% 训练时间/);
    await app.shot('runs-launch-affinity-zh', '[data-testid="launch-dialog"]');
    await page.evaluate(() => localStorage.setItem('mtlw-locale', 'en'));
    expect(app.errors).toEqual([]);
  }, 120_000);
});
