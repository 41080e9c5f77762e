// Runs and Compare end to end, in headless Chromium through web mode, with real training:
// launch two short runs with different strategies from the Designer's Train dialog, watch the live charts
// change while they train, stop one, compare them, and check the table's highlighted best values and the
// Δm sign against numbers computed here from the store. Screenshots in English and Chinese.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { MetricRow, RunRecord } from '../../shared/run.js';
import type { DatasetInfo } from '../../shared/dataset.js';
import { startApp, type App } from './harness.js';

const HIGHER_IS_BETTER: Record<string, boolean> = { accuracy: true, f1: true, auc: true, r2: true, mse: false, mae: false, rmse: false, loss: false };

/**
 * What the table should show, read here straight from the stored rows (not with shared/compare): each task's
 * values on the test split (else validation) at the run's selected epoch, the row with the highest step.
 */
function expected(rows: MetricRow[], epoch: number) {
  const own = rows.filter((r) => r.task !== '' && r.split !== 'diagnostics' && r.metric in HIGHER_IS_BETTER);
  const split = own.some((r) => r.split === 'test') ? 'test' : own.some((r) => r.split === 'validation') ? 'validation' : 'train';
  const best: Record<string, Record<string, number>> = {};
  const step: Record<string, number> = {};
  for (const r of own) {
    if (r.split !== split || r.epoch !== epoch || !Number.isFinite(r.value)) continue;
    const key = `${r.task}/${r.metric}`;
    if (step[key] !== undefined && r.step < step[key]) continue;
    step[key] = r.step;
    (best[r.task] ??= {})[r.metric] = r.value;
  }
  return { split, best };
}

/** Δm% by the definition: mean over tasks of the mean over metrics (loss left out) of ±(M − B)/|B|·100. */
function deltaM(run: Record<string, Record<string, number>>, base: Record<string, Record<string, number>>): number {
  const perTask = Object.keys(run).map((task) => {
    const metrics = Object.keys(run[task]).filter((m) => m !== 'loss');
    const parts = metrics.map((m) => ((HIGHER_IS_BETTER[m] ? 1 : -1) * (run[task][m] - base[task][m])) / Math.abs(base[task][m]) * 100);
    return parts.reduce((a, b) => a + b, 0) / parts.length;
  });
  return perTask.reduce((a, b) => a + b, 0) / perTask.length;
}

async function summary(page: Page, testid: string): Promise<string> {
  return (await page.getAttribute(`[data-testid="${testid}"]`, 'data-summary')) ?? '';
}

/** Points of one series of a chart, from its data-summary ("name:count:last|…"). */
function seriesCount(s: string, name: string): number {
  const part = s.split('|').find((p) => p.split(':')[0] === name);
  return part ? Number(part.split(':')[1]) : 0;
}

/** Points drawn in a chart, from its data-summary ("name:count:last|…"). */
function pointCount(s: string): number {
  return s.split('|').filter(Boolean).reduce((n, part) => n + Number(part.split(':')[1] ?? 0), 0);
}

/** The views scroll: shoot them in a tall window so every panel is in the picture. */
async function tallShot(app: App, name: string, height = 2300): Promise<void> {
  const size = app.page.viewportSize()!;
  await app.page.setViewportSize({ width: size.width, height });
  await app.page.waitForTimeout(400); // charts resize
  await app.shot(name);
  await app.page.setViewportSize(size);
}

async function launchFromDesigner(app: App, opts: { strategy: string; epochs: number; steps: number; baselines: boolean; name: string; shot?: string }): Promise<void> {
  const { page } = app;
  await app.goto('designer');
  await page.click('[data-testid="toolbar-train"]');
  await page.waitForSelector('[data-testid="launch-dialog"]');
  await page.waitForSelector(`[data-testid="launch-strategy"] option[value="${opts.strategy}"]`, { state: 'attached' });
  await page.fill('[data-testid="launch-name"]', opts.name);
  await page.selectOption('[data-testid="launch-strategy"]', opts.strategy);
  await page.fill('[data-testid="launch-lr"]', '0.01');
  await page.fill('[data-testid="launch-epochs"]', String(opts.epochs));
  await page.fill('[data-testid="launch-batch-size"]', '32');
  await page.fill('[data-testid="launch-max-steps"]', String(opts.steps));
  await page.fill('[data-testid="launch-seeds"]', '7');
  if (opts.baselines) await page.check('[data-testid="launch-baselines"]');
  // The dialog shows the dataset's split sizes and how many runs it will start.
  expect(await page.textContent('[data-testid="launch-datasets"]')).toMatch(/train \d+ · validation \d+ · test \d+/);
  expect(await page.textContent('[data-testid="launch-summary"]')).toContain(opts.baselines ? 'Starts 3 runs' : 'Starts 1 run');
  if (opts.shot) await app.shot(opts.shot);
  await page.click('[data-testid="launch-submit"]');
  await page.waitForSelector('[data-testid="launch-dialog"]', { state: 'detached' });
  await page.waitForSelector('[data-testid="view-runs"]');
}

describe('Runs and Compare (web mode, Chromium, real training)', () => {
  let app: App;
  let dataset: DatasetInfo;
  let ew: RunRecord;
  let pcgrad: RunRecord;

  beforeAll(async () => {
    app = await startApp({ locale: 'en', viewport: { width: 1440, height: 1000 } });
    const api = app.workbench.api;
    dataset = await api.createBuiltinDataset({ source: 'mmoe-synthetic', name: 'tiny synthetic', options: { rows: 1200, dim: 12, p: 0.3 }, seed: 3 });
    const design = await api.buildTemplate({ template: 'mmoe', datasetIds: [dataset.id] });
    const stored = await api.saveDesign({ name: 'MMoE tiny', design });
    // The Designer opens a stored design from the address.
    await app.page.goto(`${app.url.split('#')[0]}#/designer?id=${stored.id}`);
    await app.page.reload();
    await app.page.waitForSelector('[data-testid="design-saved"]');
  });

  afterAll(async () => {
    await app?.close();
  });

  it('launches a run from the Train dialog and shows its live charts changing while it trains', async () => {
    const { page } = app;
    await launchFromDesigner(app, { strategy: 'ew', epochs: 8, steps: 25, baselines: true, name: 'EW run', shot: 'runs-launch-en' });
    const runs = await app.workbench.api.listRuns({ includeBaselines: true });
    ew = runs.find((r) => r.name === 'EW run')!;
    expect(ew.weighting).toBe('ew');
    expect(ew.config).toMatchObject({ epochs: 8, batchSize: 32, maxStepsPerEpoch: 25, seed: 7, baselines: true });
    expect(runs.filter((r) => r.baselineOf === ew.id).map((r) => r.baselineTask).sort()).toEqual(['y1', 'y2']);
    // The Runs view opens on the new run.
    await page.waitForSelector(`[data-testid="run-live"][data-run-id="${ew.id}"]`);
    await page.waitForSelector(`[data-testid="run-live"][data-run-id="${ew.id}"][data-status="running"]`, { timeout: 60_000 });
    // Batch losses arrive while an epoch trains; the epoch curves grow after each epoch.
    await expect.poll(() => summary(page, 'live-chart-batches'), { timeout: 60_000 }).not.toBe('');
    const first = await summary(page, 'live-chart-batches');
    const firstEpochs = seriesCount(await summary(page, 'live-chart-loss-y1'), 'train');
    await expect.poll(() => summary(page, 'live-chart-batches'), { timeout: 60_000 }).not.toBe(first);
    // Two more epochs drawn on the task's loss chart (and at least three in all, for the screenshot).
    await expect
      .poll(async () => seriesCount(await summary(page, 'live-chart-loss-y1'), 'train'), { timeout: 90_000 })
      .toBeGreaterThanOrEqual(Math.max(3, firstEpochs + 2));
    expect(pointCount(await summary(page, 'live-chart-batches'))).toBeGreaterThan(pointCount(first));
    expect(seriesCount(await summary(page, 'live-chart-metric-y1'), 'validation')).toBeGreaterThanOrEqual(3);
    expect(seriesCount(await summary(page, 'live-chart-weighted'), 'y2')).toBeGreaterThanOrEqual(3);
    // The list's best-per-task column follows the epochs while the run trains.
    await expect.poll(() => page.textContent(`[data-testid="run-row-${ew.id}"] [data-testid="run-best"]`)).toContain('MSE');
    expect(await page.textContent('[data-testid="run-speed"]')).toMatch(/\d[\d,.]* samples\/s/);
    await tallShot(app, 'runs-live-en', 1500);
    await page.waitForSelector(`[data-testid="run-live"][data-run-id="${ew.id}"][data-status="completed"]`, { timeout: 120_000 });
  });

  it('launches a second run with another strategy, watches it train, and stops it', async () => {
    const { page } = app;
    await launchFromDesigner(app, { strategy: 'pcgrad', epochs: 60, steps: 25, baselines: false, name: 'PCGrad run' });
    pcgrad = (await app.workbench.api.listRuns({})).find((r) => r.name === 'PCGrad run')!;
    expect(pcgrad.weighting).toBe('pcgrad');
    await page.waitForSelector(`[data-testid="run-live"][data-run-id="${pcgrad.id}"]`);
    // It waits in the queue behind the EW run's baselines, then trains.
    await page.waitForSelector(`[data-testid="run-live"][data-run-id="${pcgrad.id}"][data-status="running"]`, { timeout: 180_000 });
    await expect.poll(async () => pointCount(await summary(page, 'live-chart-loss-y1')), { timeout: 90_000 }).toBeGreaterThanOrEqual(2);
    const before = await summary(page, 'live-chart-loss-y1');
    const weights = await summary(page, 'live-chart-weights');
    await expect.poll(() => summary(page, 'live-chart-loss-y1'), { timeout: 60_000 }).not.toBe(before);
    // the weights are drawn once an epoch ends (later than the batch losses on a busy machine)
    await expect.poll(() => summary(page, 'live-chart-weights'), { timeout: 120_000 }).not.toBe(weights);
    expect(await summary(page, 'live-chart-cosines')).toContain('y1 · y2');
    await page.click('[data-testid="run-stop"]');
    await page.waitForSelector(`[data-testid="run-live"][data-run-id="${pcgrad.id}"][data-status="stopped"]`, { timeout: 30_000 });
    expect((await app.workbench.api.getRun(pcgrad.id)).status).toBe('stopped');
    await expect.poll(() => page.getAttribute(`[data-testid="run-row-${pcgrad.id}"]`, 'data-status')).toBe('stopped');
    await tallShot(app, 'runs-list-en', 1500);
  });

  it('compares the two runs at their selected epochs: best values highlighted by direction, Δm sign as computed from the store', async () => {
    const { page } = app;
    const api = app.workbench.api;
    // Every baseline of the EW run has finished.
    const baselines = (await api.listRuns({ includeBaselines: true })).filter((r) => r.baselineOf === ew.id);
    for (const b of baselines) expect(b.status).toBe('completed');

    await page.check(`[data-testid="run-check-${ew.id}"]`);
    await page.check(`[data-testid="run-check-${pcgrad.id}"]`);
    await page.click('[data-testid="runs-compare"]');
    await page.waitForSelector('[data-testid="view-compare"]');
    await page.waitForSelector('[data-testid="compare-table"]');
    await page.waitForSelector('[data-testid="compare-timing"][data-drawn-ms]:not([data-drawn-ms=""])');

    // The EW run learned: its validation error fell over its 8 epochs (what its curves show).
    const ewAll = await api.getRunMetrics(ew.id);
    for (const task of ['y1', 'y2']) {
      const mse = ewAll.filter((r) => r.split === 'validation' && r.task === task && r.metric === 'mse').sort((a, b) => a.epoch - b.epoch);
      expect(mse.length, task).toBe(8);
      expect(mse[7].value, `${task}: validation MSE after 8 epochs vs after 1`).toBeLessThan(mse[0].value);
    }
    // each at its epoch selected on validation (the store's summary says which; the weights are from it too)
    const selectedEpoch = async (id: string) => (await api.getRun(id)).summary!.selected!.epoch;
    const ewRec = await api.getRun(ew.id);
    expect(ewRec.summary!.rule.kind).toBe('delta-m'); // the default where the run has baselines
    expect(await page.getAttribute(`[data-testid="cmp-selected-${ew.id}"]`, 'data-epoch')).toBe(String(ewRec.summary!.selected!.epoch));
    const ewRows = expected(ewAll, await selectedEpoch(ew.id));
    const pcRows = expected(await api.getRunMetrics(pcgrad.id), await selectedEpoch(pcgrad.id));
    expect(ewRows.split).toBe('test'); // the dataset has a test split, evaluated every epoch
    for (const task of ['y1', 'y2']) {
      for (const metric of Object.keys(ewRows.best[task])) {
        const a = ewRows.best[task][metric];
        const b = pcRows.best[task][metric];
        const winner = (HIGHER_IS_BETTER[metric] ? a >= b : a <= b) ? ew.id : pcgrad.id;
        const loser = winner === ew.id ? pcgrad.id : ew.id;
        const cell = (id: string) => `[data-testid="cmp-cell-${task}-${metric}-${id}"]`;
        expect(await page.getAttribute(cell(winner), 'data-best'), `${task}/${metric}`).toBe('true');
        expect(await page.getAttribute(cell(loser), 'data-best'), `${task}/${metric}`).toBe('false');
        expect(await page.locator(cell(winner)).evaluate((el) => el.classList.contains('best'))).toBe(true);
        expect(Number(await page.getAttribute(cell(ew.id), 'data-value'))).toBeCloseTo(a, 9);
        expect(Number(await page.getAttribute(cell(pcgrad.id), 'data-value'))).toBeCloseTo(b, 9);
      }
    }
    // MSE and MAE are lower-is-better: the table must mark them so.
    expect(await page.textContent('[data-testid="cmp-row-y1-mse"]')).toContain('↓');
    expect(await page.textContent('[data-testid="cmp-row-y1-r2"]')).toContain('↑');

    // Δm against the EW run's single-task baselines (the default), by the definition, from the store.
    const stl: Record<string, Record<string, number>> = {};
    for (const b of baselines) stl[b.baselineTask!] = expected(await api.getRunMetrics(b.id), await selectedEpoch(b.id)).best[b.baselineTask!];
    for (const run of [ew, pcgrad]) {
      const want = deltaM((run === ew ? ewRows : pcRows).best, stl);
      const shown = Number(await page.getAttribute(`[data-testid="cmp-deltam-${run.id}"]`, 'data-value'));
      expect(shown).toBeCloseTo(want, 6);
      expect(Math.sign(shown)).toBe(Math.sign(want));
      const text = (await page.textContent(`[data-testid="cmp-deltam-${run.id}"]`))!.trim();
      expect(text.startsWith(want > 0 ? '+' : want < 0 ? '−' : '±')).toBe(true);
    }
    expect(await page.textContent('[data-testid="compare-sign-convention"]')).toContain('positive Δm% is better than the baseline');
    expect(await page.textContent('[data-testid="compare-split-note"]')).toContain('test');
    // The config diff names what differs; the trade-off chart marks the Pareto-optimal runs.
    // it leads with the strategy in words; the raw keys are folded below
    expect(await page.getAttribute('[data-testid="config-fact-strategy"]', 'class')).toContain('differs');
    await page.waitForSelector('[data-testid="config-diff-weighting.name"]', { state: 'attached' });
    expect(await page.getAttribute('[data-testid="compare-tradeoff-chart"]', 'data-summary')).toMatch(/^front:.+/);
    await tallShot(app, 'compare-en');

    // The curves: one point per epoch the store has, on the split chosen (train is fetched when first shown).
    const epochsOf = async (id: string, split: string) => new Set((await api.getRunMetrics(id)).filter((r) => r.split === split && r.task === 'y1').map((r) => r.epoch)).size;
    const points = async () => Object.fromEntries(((await page.getAttribute('[data-testid="compare-curve-y1"]', 'data-summary')) ?? '').split('|').map((p) => p.split(':')).map(([id, n]) => [id, Number(n)]));
    for (const split of ['validation', 'train', 'validation']) {
      await page.selectOption('[data-testid="compare-curves-split"]', split);
      const want = { [ew.id]: await epochsOf(ew.id, split), [pcgrad.id]: await epochsOf(pcgrad.id, split) };
      expect(want[ew.id]).toBe(8);
      await expect.poll(points, { timeout: 10_000 }).toEqual(want);
    }
  });

  it('exports the table as CSV and a chart as PNG', async () => {
    const { page } = app;
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="compare-export-csv"]')]);
    const text = fs.readFileSync((await csv.path())!, 'utf8');
    expect(text).toContain('task,metric,direction,');
    expect(text).toContain('EW run value,EW run split,EW run epoch,EW run selected by,EW run last');
    expect(text).toMatch(/Δm%/);
    const [png] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="compare-curve-y1-png"]')]);
    const bytes = fs.readFileSync((await png.path())!);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
  });

  it('edits tags and notes inline, re-runs, opens the design, shows Chinese, and deletes a run after confirmation', async () => {
    const { page } = app;
    await app.goto('runs');
    await page.click(`[data-testid="run-tags-${pcgrad.id}"] [data-testid="run-tag-add"]`);
    await page.fill(`[data-testid="run-tags-${pcgrad.id}"] [data-testid="run-tag-input"]`, 'stopped-early');
    await page.press(`[data-testid="run-tags-${pcgrad.id}"] [data-testid="run-tag-input"]`, 'Enter');
    await page.click(`[data-testid="run-notes-${pcgrad.id}"] [data-testid="run-notes-edit"]`);
    await page.fill(`[data-testid="run-notes-${pcgrad.id}"] [data-testid="run-notes-input"]`, 'conflicting gradients?');
    await page.press(`[data-testid="run-notes-${pcgrad.id}"] [data-testid="run-notes-input"]`, 'Enter');
    await expect.poll(async () => (await app.workbench.api.getRun(pcgrad.id)).tags).toEqual(['stopped-early']);
    await expect.poll(async () => (await app.workbench.api.getRun(pcgrad.id)).notes).toBe('conflicting gradients?');
    // search finds it by tag
    await page.fill('[data-testid="runs-search"]', 'stopped-early');
    await expect.poll(() => page.locator('[data-testid^="run-row-"]').count()).toBe(1);
    await page.fill('[data-testid="runs-search"]', '');

    // Re-run the same config: a new run with the same settings is queued; delete it after confirming.
    const before = new Set((await app.workbench.api.listRuns({})).map((r) => r.id));
    await page.click(`[data-testid="run-rerun-${pcgrad.id}"]`);
    await expect.poll(async () => (await app.workbench.api.listRuns({})).length).toBe(before.size + 1);
    const again = (await app.workbench.api.listRuns({})).find((r) => !before.has(r.id))!;
    expect(again.config.weighting).toEqual(pcgrad.config.weighting);
    expect(again.config.epochs).toBe(pcgrad.config.epochs);
    await page.waitForSelector(`[data-testid="run-row-${again.id}"]`);
    await page.click(`[data-testid="run-delete-${again.id}"]`);
    await page.waitForSelector('[data-testid="run-delete-confirm"]');
    await page.click('[data-testid="confirm-ok"]');
    await page.waitForSelector(`[data-testid="run-row-${again.id}"]`, { state: 'detached' });

    // Open the run's design in the Designer.
    await page.click(`[data-testid="run-row-${ew.id}"]`);
    await page.click('[data-testid="run-live-open-design"]');
    await page.waitForSelector('[data-testid="view-designer"]');
    await expect.poll(() => page.inputValue('[data-testid="design-name"]')).toBe(ew.config.design.name);
    expect(ew.config.design.name).toBe('MMoE tiny');
    await app.goto('runs');

    // Chinese: the same screens
    await page.evaluate(() => localStorage.setItem('mtlw-locale', 'zh'));
    await page.reload();
    await page.waitForSelector('[data-testid="view-runs"]');
    await page.click(`[data-testid="run-row-${ew.id}"]`);
    await page.waitForSelector(`[data-testid="run-live"][data-run-id="${ew.id}"]`);
    await expect.poll(async () => pointCount(await summary(page, 'live-chart-loss-y1'))).toBeGreaterThan(0);
    expect(await page.textContent('[data-testid="run-live-status"]')).toBe('已完成');
    await tallShot(app, 'runs-live-zh', 1500);
    await page.goto(`${app.url.split('#')[0]}#/compare?runs=${ew.id},${pcgrad.id}`);
    await page.waitForSelector('[data-testid="compare-table"]');
    await page.waitForSelector('[data-testid="compare-timing"][data-drawn-ms]:not([data-drawn-ms=""])');
    expect(await page.textContent('[data-testid="compare-sign-convention"]')).toContain('Δm% 为正表示优于基线');
    await tallShot(app, 'compare-zh');
    await app.goto('designer');
    await page.click('[data-testid="toolbar-train"]');
    await page.waitForSelector('[data-testid="launch-dialog"]');
    expect(await page.textContent('[data-testid="launch-dialog"]')).toContain('同时训练单任务基线');
    await app.shot('runs-launch-zh');
    await page.click('[data-testid="launch-cancel"]');

    // delete, with confirmation
    await app.goto('runs');
    await page.click(`[data-testid="run-delete-${pcgrad.id}"]`);
    await page.waitForSelector('[data-testid="run-delete-confirm"]');
    await page.click('[data-testid="confirm-ok"]');
    await page.waitForSelector(`[data-testid="run-row-${pcgrad.id}"]`, { state: 'detached' });
    await expect(app.workbench.api.getRun(pcgrad.id)).rejects.toThrow();
    await page.evaluate(() => localStorage.setItem('mtlw-locale', 'en'));
  });

  it('had no page errors', () => {
    expect(app.errors).toEqual([]);
  });
});
