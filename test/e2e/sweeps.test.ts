// The Sweeps view and the launch dialog's Sweep tab in Chromium over web mode, English and Chinese: a sweep
// running, its results (selected configuration per strategy, Δm, front), the form with its run count.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SweepSpec } from '../../shared/sweep.js';
import { startApp, type App } from './harness.js';

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 60_000, interval: 200 });

describe('sweeps in the browser', () => {
  let app: App;
  let sweepId = '';
  let firstRun = '';

  beforeAll(async () => {
    app = await startApp({ locale: 'en' });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  const setLocale = async (l: 'en' | 'zh') => {
    await app.page.evaluate((x) => localStorage.setItem('mtlw-locale', x), l);
    await app.page.reload();
    await app.page.waitForSelector('[data-testid="statusbar"]');
  };

  it('shows a running sweep, then its results, in English and Chinese', async () => {
    const { api } = app.workbench;
    const ds = await api.createBuiltinDataset({ source: 'mmoe-synthetic', name: 'synthetic ρ=0.5', options: { rows: 240, dim: 4, p: 0.5 } });
    const design = await api.buildTemplate({ template: 'mmoe', datasetIds: [ds.id] });
    const spec: SweepSpec = {
      name: 'EW vs UW · lr',
      base: { design, datasets: [ds.id], optimizer: { name: 'adam', lr: 0.01 }, schedule: { kind: 'constant' }, epochs: 2, batchSize: 64, weighting: { name: 'ew', params: {} }, seed: 0, backend: 'cpu' },
      axes: { strategies: [{ name: 'ew' }, { name: 'uw' }], lr: [0.01, 0.003], seeds: [1, 2] },
    };
    sweepId = (await api.startSweep(spec)).id;
    const { page } = app;
    await app.goto('sweeps');
    await poll(() => page.locator('[data-testid="sweep-trials"] tbody tr').count()).toBe(8);
    await poll(() => page.textContent('[data-testid="sweep-trials"]')).toMatch(/Running|Completed/);
    expect(await page.textContent('[data-testid="sweep-workers"]')).toContain('No run queue');
    await app.shot('sweeps-running-en');
    await setLocale('zh');
    await app.goto('sweeps');
    await poll(() => page.textContent('[data-testid="view-sweeps"]')).toContain('超参搜索');
    await app.shot('sweeps-running-zh');

    await app.workbench.sweeps.settled(sweepId);
    const detail = await api.getSweep(sweepId);
    expect(detail.sweep.status).toBe('completed');
    firstRun = detail.trials[0].runId!;
    await page.reload();
    await page.waitForSelector('[data-testid="statusbar"]');
    await app.goto('sweeps');
    await poll(() => page.textContent('[data-testid="sweep-status"]')).toContain('已完成');
    await poll(() => page.locator('[data-testid="sweep-results"] tbody tr').count()).toBe(2);
    expect(await page.textContent('[data-testid="sweep-front"]')).toContain('帕累托前沿');
    await app.shot('sweeps-results-zh');
    await setLocale('en');
    await app.goto('sweeps');
    await poll(() => page.textContent('[data-testid="sweep-status"]')).toContain('Completed');
    const results = await page.textContent('[data-testid="sweep-results"]');
    expect(results).toMatch(/ew · adam lr 0\.0\d+ · bs 64/);
    expect(results).toMatch(/uw · adam lr 0\.0\d+ · bs 64/);
    expect(await page.textContent('[data-testid="sweep-trials"]')).toContain('local (');
    await app.shot('sweeps-results-en');
    expect(app.errors).toEqual([]);
  }, 300_000);

  it('the launch dialog\'s Sweep tab counts the runs and estimates the time (English and Chinese)', async () => {
    const { page } = app;
    for (const l of ['en', 'zh'] as const) {
      await setLocale(l);
      await app.goto('runs');
      await page.evaluate((id) => (location.hash = `#/runs?run=${id}`), firstRun);
      await page.click('[data-testid="run-live-relaunch"]');
      await page.click('[data-testid="launch-tab-sweep"]');
      // ew and uw × 2 learning rates × 3 seeds
      await poll(() => page.textContent('[data-testid="sweep-plan"]')).toMatch(l === 'en' ? /12 runs/ : /12 次训练/);
      await poll(() => page.textContent('[data-testid="sweep-estimate"]')).toMatch(l === 'en' ? /About .* MACs per sample/ : /约 .*乘加/);
      await app.shot(`sweep-form-${l}`, '[data-testid="launch-dialog"]');
      await page.click('[data-testid="launch-cancel"]');
    }
    expect(app.errors).toEqual([]);
  }, 180_000);
});
