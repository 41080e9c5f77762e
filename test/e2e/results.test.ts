// The Runs list and the Compare table in Chromium (web mode) on constructed rows where the best test epoch (4)
// is not the epoch selected on validation (2): both show the test value at epoch 2, labelled with split and
// epoch; Compare shows seed statistics and Welch's verdict. Screenshots in English and Chinese.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from './harness.js';
import { RUNS, SELECTED_EPOCH, TEST_MAX_EPOCH, seedConstructed, valueAt } from '../results/constructed.js';

const ew = RUNS[0];
const fmt = (v: number) => v.toFixed(4);

async function tall(app: App, name: string, height: number): Promise<void> {
  const size = app.page.viewportSize()!;
  await app.page.setViewportSize({ width: size.width, height });
  await app.page.waitForTimeout(400); // charts resize
  await app.shot(name);
  await app.page.setViewportSize(size);
}

for (const locale of ['en', 'zh'] as const) {
  describe(`selected-epoch values in the Runs list and Compare (${locale})`, () => {
    let app: App;
    beforeAll(async () => {
      app = await startApp({ locale, viewport: { width: 1900, height: 1000 } });
      seedConstructed(app.workbench.store);
    });
    afterAll(async () => {
      await app?.close();
    });

    it('Runs list: each task at the selected epoch, labelled with split and epoch, never the test maximum', async () => {
      const { page } = app;
      await app.goto('runs');
      for (const r of RUNS) {
        const cell = `[data-testid="run-row-${r.id}"] [data-testid="run-best"]`;
        await page.waitForSelector(cell);
        const text = (await page.textContent(cell))!;
        expect(text).toContain(fmt(valueAt(r, 'test', 'left', SELECTED_EPOCH)));
        expect(text).toContain(fmt(valueAt(r, 'test', 'right', SELECTED_EPOCH)));
        expect(text).not.toContain(fmt(valueAt(r, 'test', 'left', TEST_MAX_EPOCH)));
        expect(await page.textContent(`[data-testid="run-selected-${r.id}"]`)).toBe(locale === 'en' ? 'test · epoch 2' : '测试集 · 第 2 轮');
      }
      await tall(app, `results-runs-${locale}`, 900);
    });

    it('Compare: cells at the selected epoch, split and epoch in each column head, statistics over seeds', async () => {
      const { page } = app;
      await page.goto(`${app.url.split('#')[0]}#/compare?runs=${RUNS.map((r) => r.id).join(',')}`);
      await page.waitForSelector('[data-testid="compare-table"]');
      for (const r of RUNS) {
        const head = `[data-testid="cmp-selected-${r.id}"]`;
        expect(await page.getAttribute(head, 'data-epoch')).toBe(String(SELECTED_EPOCH));
        expect(await page.getAttribute(head, 'data-split')).toBe('test');
        expect((await page.textContent(head))!.trim()).toBe(locale === 'en' ? 'test · epoch 2' : '测试集 · 第 2 轮');
        for (const task of ['left', 'right'] as const) {
          const cell = `[data-testid="cmp-cell-${task}-accuracy-${r.id}"]`;
          expect(Number(await page.getAttribute(cell, 'data-value')), `${r.id} ${task}`).toBe(valueAt(r, 'test', task, SELECTED_EPOCH));
          expect((await page.textContent(cell))!).not.toContain(fmt(valueAt(r, 'test', task, TEST_MAX_EPOCH)) + ' ');
        }
      }
      // PCGrad's left differs from EW's at 3 seeds (p < 0.05), its right does not
      const pLeft = Number(await page.getAttribute('[data-testid="cmp-welch-left-accuracy-pc-s1"]', 'data-p'));
      const pRight = Number(await page.getAttribute('[data-testid="cmp-welch-right-accuracy-pc-s1"]', 'data-p'));
      expect(pLeft).toBeLessThan(0.05);
      expect(pRight).toBeGreaterThan(0.05);
      expect(await page.textContent('[data-testid="cmp-ci-left-accuracy-ew-s1"]')).toContain(locale === 'en' ? '95% CI' : '95% 置信区间');
      // Δm defined once, under the table
      expect(await page.textContent('[data-testid="compare-sign-convention"]')).toContain('Δm% =');
      expect(Number(await page.getAttribute(`[data-testid="cmp-deltam-${ew.id}"]`, 'data-value'))).toBeCloseTo(((0.05 / 0.74) * 100 + (0.05 / 0.64) * 100) / 2, 6);
      await page.waitForSelector('[data-testid="compare-timing"][data-drawn-ms]:not([data-drawn-ms=""])', { timeout: 60_000 }).catch(() => undefined);
      await tall(app, `results-compare-${locale}`, 1500);
      expect(app.errors).toEqual([]);
    });
  });
}
