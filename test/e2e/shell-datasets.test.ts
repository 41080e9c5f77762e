// The Datasets view in headless Chromium: create a built-in benchmark through the dialog, see its image grid
// with labels and class balance; import a CSV by path with task columns, see its rows and feature statistics.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from './harness.js';

/** The page updates asynchronously; a loaded 2-core machine may need a few seconds. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 100 });

describe('Datasets view (web mode, Chromium)', () => {
  let app: App;
  let dir: string;

  beforeAll(async () => {
    app = await startApp({ locale: 'en' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-e2e-csv-'));
  });

  afterAll(async () => {
    await app?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates a small MultiFashion from the dialog and shows samples with both labels and the class balance', async () => {
    const { page } = app;
    await app.goto('datasets');
    await page.click('[data-testid="datasets-new"]');
    await page.waitForSelector('[data-testid="dataset-source-multi-fashion"]');
    await page.click('[data-testid="dataset-source-multi-fashion"]');
    await page.fill('[data-testid="dataset-opt-limit"]', '300');
    await app.shot('datasets-01-create-dialog');
    await page.click('[data-testid="dataset-create-submit"]');
    await page.waitForSelector('[data-testid="dataset-create-dialog"]', { state: 'detached', timeout: 120_000 });
    const [ds] = await app.workbench.api.listDatasets();
    expect(ds.rows).toBe(300);
    await page.waitForSelector(`[data-testid="dataset-detail-${ds.id}"]`);
    await page.waitForSelector('[data-testid="dataset-preview-images"] img');
    const captions = await page.locator('[data-testid="dataset-preview-images"] figcaption').first().locator('.label').count();
    expect(captions).toBe(2); // left and right item
    for (const t of ds.tasks) {
      const bars = page.locator(`[data-testid="balance-${t.name}"] .bar-row`);
      expect(await bars.count()).toBe(10);
    }
    expect(await page.textContent(`[data-testid="dataset-item-${ds.id}"]`)).toContain('300 rows');
    await app.shot('datasets-02-multifashion');
  });

  it('imports a CSV by path with a classification and a regression task, and shows rows and statistics', async () => {
    const { page } = app;
    const file = path.join(dir, 'customers.csv');
    const lines = ['age,income,city,churn,spend'];
    const cities = ['Beijing', 'Shanghai', 'Shenzhen'];
    for (let i = 0; i < 120; i++) {
      const age = 20 + ((i * 7) % 50);
      const income = 3000 + ((i * 131) % 9000);
      lines.push(`${age},${income},${cities[i % 3]},${age > 45 ? 'yes' : 'no'},${(income / 100 + (i % 5)).toFixed(1)}`);
    }
    fs.writeFileSync(file, lines.join('\n') + '\n');
    await page.click('[data-testid="datasets-new"]');
    await page.click('[data-testid="dataset-tab-import"]');
    await page.fill('[data-testid="dataset-import-name"]', 'Customers');
    await page.fill('[data-testid="dataset-import-path"]', file);
    await page.fill('[data-testid="dataset-import-tasks"]', 'churn, spend:regression');
    await app.shot('datasets-03-import-dialog');
    await page.click('[data-testid="dataset-create-submit"]');
    await page.waitForSelector('[data-testid="dataset-create-dialog"]', { state: 'detached', timeout: 60_000 });
    const ds = (await app.workbench.api.listDatasets()).find((d) => d.name === 'Customers')!;
    expect(ds.tasks.map((t) => [t.name, t.kind])).toEqual([['churn', 'binary'], ['spend', 'regression']]);
    await page.waitForSelector(`[data-testid="dataset-detail-${ds.id}"]`);
    await page.waitForSelector('[data-testid="dataset-preview-rows"] tbody tr');
    expect(await page.textContent('[data-testid="dataset-preview-rows"] thead')).toContain('city');
    expect(await page.locator('[data-testid="balance-churn"] .bar-row').count()).toBe(2);
    expect(await page.textContent('[data-testid="balance-spend"]')).toMatch(/Mean/);
    await app.shot('datasets-04-csv');

    // a bad path says why
    await page.click('[data-testid="datasets-new"]');
    await page.click('[data-testid="dataset-tab-import"]');
    await page.fill('[data-testid="dataset-import-name"]', 'Nothing');
    await page.fill('[data-testid="dataset-import-path"]', path.join(dir, 'missing.csv'));
    await page.fill('[data-testid="dataset-import-tasks"]', 'y');
    await page.click('[data-testid="dataset-create-submit"]');
    await poll(() => page.textContent('[data-testid="dataset-create-error"]')).toMatch(/missing\.csv/);
    await page.keyboard.press('Escape'); // closes the dialog wherever the focus is
    await page.waitForSelector('[data-testid="dataset-create-dialog"]', { state: 'detached' });
  });

  it('shows the same in Chinese', async () => {
    const { page } = app;
    await page.evaluate(() => localStorage.setItem('mtlw-locale', 'zh'));
    await page.reload();
    await page.waitForSelector('[data-testid="view-datasets"]');
    const ds = (await app.workbench.api.listDatasets()).find((d) => d.spec.source === 'multi-fashion')!;
    await page.click(`[data-testid="dataset-item-${ds.id}"]`);
    await page.waitForSelector('[data-testid="dataset-preview-images"] img');
    expect(await page.textContent('[data-testid="view-datasets"]')).toContain('类别分布');
    await app.shot('datasets-05-zh');
    await page.evaluate(() => localStorage.setItem('mtlw-locale', 'en'));
    // the failed requests are the deliberate import of a missing file (and the dialog's preview of it)
    expect(app.errors.filter((e) => !/status of 404 .*\/api\/(importDataset|previewImportFile)\)$/.test(e))).toEqual([]);
  });
});
