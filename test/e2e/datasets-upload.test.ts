// Data in without typing a path (web mode, Chromium): a CSV chosen in the file input is uploaded into the data
// folder's uploads/, its first rows show under each column's detected type, two columns clicked in the preview
// become the tasks (with the kind each would get), and Create makes the dataset; in English and in Chinese.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from './harness.js';

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 100 });

const CSV = ['age,city,score,passed', ...Array.from({ length: 60 }, (_, i) => `${18 + (i % 40)},${['Beijing', 'Shanghai', 'Shenzhen'][i % 3]},${(40 + ((i * 37) % 60) + 0.5).toFixed(1)},${i % 4 === 0 ? 'no' : 'yes'}`)].join('\n') + '\n';

describe('Datasets: upload a CSV, preview it, pick tasks by clicking columns (web mode, Chromium)', () => {
  let app: App;
  let elsewhere: string;

  beforeAll(async () => {
    // --allow-dir names another folder only: an upload must still be importable
    elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-e2e-elsewhere-'));
    app = await startApp({ locale: 'en', viewport: { width: 1600, height: 1000 }, workbench: { allowDirs: [elsewhere] } });
  });

  afterAll(async () => {
    await app?.close();
    fs.rmSync(elsewhere, { recursive: true, force: true });
  });

  async function openImportAndUpload(): Promise<void> {
    const { page } = app;
    await page.click('[data-testid="datasets-new"]');
    await page.click('[data-testid="dataset-tab-import"]');
    await page.setInputFiles('[data-testid="dataset-import-file"]', { name: 'students.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
    await page.waitForSelector('[data-testid="import-preview"]', { timeout: 30_000 });
  }

  it('uploads the file, shows each column\'s type, and creates the dataset from two clicked columns', async () => {
    const { page } = app;
    await app.goto('datasets');
    await openImportAndUpload();
    const saved = await page.inputValue('[data-testid="dataset-import-path"]');
    expect(path.dirname(saved)).toBe(path.join(app.home, 'uploads'));
    expect(fs.readFileSync(saved, 'utf8')).toBe(CSV);
    expect(await page.inputValue('[data-testid="dataset-import-name"]')).toBe('students');
    const kinds = await Promise.all(['age', 'city', 'score', 'passed'].map((c) => page.textContent(`[data-testid="preview-kind-${c}"]`)));
    expect(kinds).toEqual(['number', 'category', 'number', 'category']);
    expect(await page.locator('[data-testid="import-preview"] tbody tr').count()).toBe(8);
    expect(await page.textContent('[data-testid="import-preview"] tbody tr')).toContain('Beijing');
    // nothing picked yet: Create is disabled and says why
    expect(await page.isDisabled('[data-testid="dataset-create-submit"]')).toBe(true);
    expect(await page.textContent('[data-testid="dataset-create-why"]')).toBe('Click the columns to predict in the preview (at least one).');

    await page.click('[data-testid="preview-col-passed"]');
    await page.click('[data-testid="preview-col-score"]');
    await poll(() => page.inputValue('[data-testid="dataset-import-tasks"]')).toBe('passed:binary, score:regression');
    expect(await page.inputValue('[data-testid="preview-task-kind-score"]')).toBe('regression');
    expect(await page.isDisabled('[data-testid="dataset-create-submit"]')).toBe(false);
    await app.shot('datasets-06-upload-preview');

    // a column clicked twice is dropped again
    await page.click('[data-testid="preview-col-age"]');
    await poll(() => page.inputValue('[data-testid="dataset-import-tasks"]')).toBe('passed:binary, score:regression, age:regression');
    await page.click('[data-testid="preview-col-age"]');
    await poll(() => page.inputValue('[data-testid="dataset-import-tasks"]')).toBe('passed:binary, score:regression');

    await page.click('[data-testid="dataset-create-submit"]');
    await page.waitForSelector('[data-testid="dataset-create-dialog"]', { state: 'detached', timeout: 60_000 });
    const ds = (await app.workbench.api.listDatasets()).find((d) => d.name === 'students')!;
    expect(ds.tasks.map((t) => [t.name, t.kind])).toEqual([['passed', 'binary'], ['score', 'regression']]);
    expect(ds.rows).toBe(60);
    await page.waitForSelector(`[data-testid="dataset-detail-${ds.id}"]`);
  });

  it('shows the same in Chinese', async () => {
    const { page } = app;
    await page.evaluate(() => localStorage.setItem('mtlw-locale', 'zh'));
    await page.reload();
    await page.waitForSelector('[data-testid="view-datasets"]');
    await openImportAndUpload();
    expect(await page.textContent('[data-testid="preview-kind-age"]')).toBe('数值');
    expect(await page.textContent('[data-testid="preview-kind-city"]')).toBe('类别');
    expect(await page.textContent('[data-testid="dataset-create-why"]')).toBe('在预览中点击要预测的列（至少一列）。');
    await page.click('[data-testid="preview-col-passed"]');
    await page.click('[data-testid="preview-col-city"]');
    await poll(() => page.inputValue('[data-testid="dataset-import-tasks"]')).toBe('passed:binary, city:multiclass');
    await app.shot('datasets-07-upload-preview-zh');
    await page.keyboard.press('Escape');
    await page.evaluate(() => localStorage.setItem('mtlw-locale', 'en'));
    expect(app.errors).toEqual([]);
  });
});
