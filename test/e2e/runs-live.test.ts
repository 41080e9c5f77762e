// What a new user tripped over in the Runs view, end to end in headless Chromium through web mode at 1600 × 1000,
// with real training: before the first epoch ends the loss charts already draw batch losses and the other charts
// say they wait for it (not "no data", not "did not compute"); chart titles are whole; the batch tooltip names the
// step and stays in its card; the stacked weighted-loss chart starts at 0; a finished run reads "step N / N" with
// a full bar; the list fits the window with baselines and a long note (actions in view, note cut with the full text
// on hover, a column chooser).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Design } from '../../shared/design.js';
import type { RunConfig } from '../../shared/run.js';
import type { DatasetInfo } from '../../shared/dataset.js';
import { startApp, type App } from './harness.js';

const summary = async (page: Page, testid: string) => (await page.getAttribute(`[data-testid="${testid}"]`, 'data-summary')) ?? '';
const count = (s: string, name: string) => Number(s.split('|').find((p) => p.split(':')[0] === name)?.split(':')[1] ?? 0);

function config(design: Design, dataset: string, over: Partial<RunConfig>): RunConfig {
  return {
    design,
    datasets: [dataset],
    optimizer: { name: 'adam', lr: 0.01 },
    schedule: { kind: 'constant' },
    epochs: 2,
    batchSize: 32,
    weighting: { name: 'ew', params: {} },
    seed: 1,
    backend: 'wasm',
    ...over,
  };
}

describe('Runs view: live charts, progress, the list at 1600 px (web mode, Chromium, real training)', () => {
  let app: App;
  let data: DatasetInfo;
  let design: Design;

  beforeAll(async () => {
    app = await startApp({ locale: 'en', viewport: { width: 1600, height: 1000 } });
    data = await app.workbench.api.createBuiltinDataset({ source: 'mmoe-synthetic', name: 'synthetic', options: { rows: 40000, dim: 12, p: 0.5 }, seed: 3 });
    design = await app.workbench.api.buildTemplate({ template: 'mmoe', datasetIds: [data.id] });
    design = { ...design, name: 'MMoE synthetic' };
  });

  afterAll(async () => {
    await app?.close();
  });

  it('before the first epoch ends: batch losses drawn, the other charts wait for the epoch; whole titles; a tooltip naming the step', async () => {
    const { page } = app;
    // the pure-JS backend and PCGrad: a long first epoch (1,000 steps of 32)
    const { runIds } = await app.workbench.api.startRun(config(design, data.id, { name: 'PCGrad slow', weighting: { name: 'pcgrad', params: {} }, backend: 'cpu', epochs: 3 }));
    const id = runIds[0];
    await page.goto(`${app.url.split('#')[0]}#/runs?run=${id}`);
    await page.waitForSelector(`[data-testid="run-live"][data-run-id="${id}"]`);
    // While queued or starting, the cosine card waits; it never claims the strategy computed nothing.
    expect(await page.textContent('[data-testid="live-chart-cosines"]')).not.toContain('did not compute');

    // Batch losses show on the task's loss chart while the first epoch still trains (one snapshot of the page).
    const read = () =>
      page.evaluate(() => {
        const text = (id: string) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '';
        return {
          loss: document.querySelector('[data-testid="live-chart-loss-y1"]')?.getAttribute('data-summary') ?? '',
          metric: text('live-chart-metric-y1'),
          weighted: text('live-chart-weighted'),
          weights: text('live-chart-weights'),
          cosines: text('live-chart-cosines'),
        };
      });
    await expect.poll(async () => count((await read()).loss, 'train · per batch'), { timeout: 120_000 }).toBeGreaterThan(3);
    const seen = await read();
    expect(count(seen.loss, 'train')).toBe(0); // no epoch has ended yet
    for (const t of [seen.metric, seen.weighted, seen.weights, seen.cosines]) expect(t).toContain('Waiting for the first epoch');
    for (const t of [seen.metric, seen.weighted, seen.weights, seen.cosines]) expect(t).not.toContain('No data');
    expect(seen.cosines).not.toContain('did not compute');
    await app.shot('runs-live-first-epoch-en');

    // Titles are whole at 1600 px (no ellipsis).
    const clipped = await page.$$eval('[data-testid="run-live"] .chart-title', (els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent));
    expect(clipped).toEqual([]);

    // The batch tooltip names the step as a whole number and stays inside its card.
    await page.selectOption('[data-testid="live-x-mode"]', 'step');
    const card = page.locator('[data-testid="live-chart-batches"]');
    await card.scrollIntoViewIfNeeded();
    const box = (await card.boundingBox())!;
    await page.mouse.move(box.x + box.width - 30, box.y + box.height / 2);
    await expect
      .poll(
        () =>
          page.evaluate(() => {
            const c = document.querySelector('[data-testid="live-chart-batches"]')!;
            // the tooltip: the innermost element whose text starts with its header
            const d = [...c.querySelectorAll('div')].filter((e) => /^Step /.test(e.textContent ?? '') && getComputedStyle(e).display !== 'none').pop();
            if (!d) return null;
            const r = d.getBoundingClientRect();
            const k = c.getBoundingClientRect();
            return { text: d.textContent ?? '', inside: r.left >= k.left - 1 && r.right <= k.right + 1 && r.top >= k.top - 1 && r.bottom <= k.bottom + 1 };
          }),
        { timeout: 15_000 },
      )
      .toMatchObject({ inside: true });
    const text = await page.evaluate(() => [...document.querySelector('[data-testid="live-chart-batches"]')!.querySelectorAll('div')].filter((e) => /^Step /.test(e.textContent ?? '')).pop()?.textContent ?? '');
    expect(text).toMatch(/^Step \d[\d,]*(?!\.\d)/);
    expect(text).not.toMatch(/Step \d+\.00/);
    await app.shot('runs-live-tooltip-en');
    await page.selectOption('[data-testid="live-x-mode"]', 'epoch');
    await app.workbench.api.stopRun(id);
    await page.waitForSelector(`[data-testid="run-live"][data-run-id="${id}"][data-status="stopped"]`, { timeout: 60_000 });
  });

  it('a finished run reads its last epoch and step, with a full bar', async () => {
    const { page } = app;
    const { runIds } = await app.workbench.api.startRun(config(design, data.id, { name: 'EW short', epochs: 3, maxStepsPerEpoch: 12, baselines: true }));
    const id = runIds.find((r) => r !== undefined)!;
    await page.goto(`${app.url.split('#')[0]}#/runs?run=${id}`);
    await page.waitForSelector(`[data-testid="run-live"][data-run-id="${id}"]`);
    await page.waitForSelector(`[data-testid="run-live"][data-run-id="${id}"][data-status="completed"]`, { timeout: 180_000 });
    await expect.poll(() => page.textContent('[data-testid="run-progress-epoch"]'), { timeout: 15_000 }).toMatch(/Epoch 3 \/ 3\s+·\s+step 12 \/ 12/);
    const width = await page.$eval('[data-testid="run-progress"] .fill', (e) => (e as HTMLElement).style.width);
    expect(parseFloat(width)).toBe(100);
    // The stacked weighted-loss chart starts at 0, so each task's area reads true.
    expect(count(await summary(page, 'live-chart-weighted'), 'y1')).toBe(3);
    expect(await page.getAttribute('[data-testid="live-chart-weighted"]', 'data-y-min')).toBe('0');
    await app.shot('runs-live-finished-en');
    // whole titles in Chinese too, where metric names run longer (with the metric picker beside them)
    await page.evaluate(() => localStorage.setItem('mtlw-locale', 'zh'));
    await page.reload();
    await page.waitForSelector(`[data-testid="run-live"][data-run-id="${id}"] [data-testid="live-metric-y1"]`);
    const clippedZh = await page.$$eval('[data-testid="run-live"] .chart-title', (els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent));
    expect(clippedZh).toEqual([]);
    await app.shot('runs-live-finished-zh');
    await page.evaluate(() => localStorage.setItem('mtlw-locale', 'en'));
    await page.reload();
    await page.waitForSelector(`[data-testid="run-live"][data-run-id="${id}"]`);
  });

  it('the list fits 1600 px with baselines and a long note: actions in view, the note cut with its full text on hover, a column chooser', async () => {
    const { page } = app;
    const runs = await app.workbench.api.listRuns({ includeBaselines: true });
    await expect.poll(async () => (await app.workbench.api.listRuns({ includeBaselines: true })).filter((r) => r.baselineOf).every((r) => r.status === 'completed'), { timeout: 180_000 }).toBe(true);
    const ew = runs.find((r) => r.name === 'EW short')!;
    const note = 'Compare with the PCGrad run: the left task converges faster here, the right one is noisier; try a lower learning rate next.';
    await app.workbench.api.updateRun(ew.id, { notes: note, tags: ['baseline-check', 'short'] });
    await page.click('[data-testid="runs-refresh"]');
    await page.check('[data-testid="runs-show-baselines"]');
    await page.waitForSelector(`[data-testid="run-row-${ew.id}"] [data-testid="run-notes-edit"]`);
    await expect.poll(() => page.textContent(`[data-testid="run-row-${ew.id}"] [data-testid="run-notes-edit"]`)).toContain('Compare with');

    const view = page.viewportSize()!;
    for (const r of await app.workbench.api.listRuns({ includeBaselines: true })) {
      const del = (await page.locator(`[data-testid="run-delete-${r.id}"]`).boundingBox())!;
      expect(del.x + del.width).toBeLessThanOrEqual(view.width);
      const wrap = (await page.locator('[data-testid="runs-table"]').locator('xpath=..').boundingBox())!;
      expect(del.x + del.width).toBeLessThanOrEqual(wrap.x + wrap.width);
    }
    const noteEl = page.locator(`[data-testid="run-row-${ew.id}"] [data-testid="run-notes-edit"]`);
    expect(await noteEl.getAttribute('title')).toContain(note);
    expect(await noteEl.evaluate((e) => e.scrollWidth > e.clientWidth)).toBe(true); // cut with an ellipsis
    await app.shot('runs-list-fits-en');

    // The column chooser hides and shows columns.
    await page.click('[data-testid="runs-columns"]');
    await page.click('[data-testid="runs-column-design"]');
    await expect.poll(() => page.locator('[data-testid="runs-table"] th.col-design').isVisible()).toBe(false);
    await page.click('[data-testid="runs-column-design"]');
    await expect.poll(() => page.locator('[data-testid="runs-table"] th.col-design').isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    expect(app.errors).toEqual([]);
  });
});
