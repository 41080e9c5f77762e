// The newer architectures in the Designer, in headless Chromium through web mode: the palette's Attention
// group, and the Transformer (text), DSelect-k and MTAN templates applied from the Templates menu, each design
// valid with its blocks drawn (shapes, weights, MACs on the nodes). Screenshots in English and Chinese.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatasetInfo } from '../../shared/dataset.js';
import { startApp, type App } from './harness.js';

describe('Designer: attention kinds and the Transformer, DSelect-k and MTAN templates (web mode, Chromium)', () => {
  let app: App;
  let text: DatasetInfo;
  let synthetic: DatasetInfo;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-method-lib-'));

  beforeAll(async () => {
    app = await startApp({ locale: 'en', viewport: { width: 1600, height: 1000 } });
    const words = ['good', 'bad', 'fine', 'awful', 'great', 'poor'];
    const rows = ['review,liked,score', ...Array.from({ length: 60 }, (_, i) => `${Array.from({ length: 5 }, (__, j) => words[(i + j * 5) % 6]).join(' ')},${i % 2},${(i % 7) / 7}`)];
    fs.writeFileSync(path.join(dir, 'reviews.csv'), rows.join('\n'));
    text = await app.workbench.api.importDataset({ kind: 'csv', path: path.join(dir, 'reviews.csv'), name: 'reviews', tasks: ['liked', 'score:regression'], columnTypes: { review: 'text' } });
    synthetic = await app.workbench.api.createBuiltinDataset({ source: 'mmoe-synthetic', name: 'synthetic', options: { rows: 300, dim: 8, p: 0.5 }, seed: 3 });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function applyTemplate(dataset: string, template: string): Promise<void> {
    const { page } = app;
    await page.goto(`${app.url.split('#')[0]}#/designer`);
    await page.waitForSelector('[data-testid="view-designer"]');
    await page.click('[data-testid="tab-data"]');
    await page.click(`[data-testid="bind-${dataset}"]`);
    await page.click('[data-testid="tab-palette"]');
    await page.click('[data-testid="toolbar-template"]');
    await page.click(`[data-testid="template-${template}"]`);
    if (await page.isVisible('[data-testid="template-confirm"]')) await page.click('[data-testid="template-confirm"] .btn.primary');
    await page.waitForSelector('.vue-flow__node');
  }

  const nodeIds = () => app.page.$$eval('.vue-flow__node', (els) => els.map((e) => e.getAttribute('data-id') ?? ''));

  it('the palette has an Attention group; the Transformer template on a text dataset is valid', async () => {
    await applyTemplate(text.id, 'transformer');
    const group = await app.page.textContent('[data-testid="palette-group-attention"]');
    for (const label of ['Token + position embedding', 'Multi-head self-attention', 'Transformer encoder block', 'Sequence pooling']) expect(group).toContain(label);
    expect((await nodeIds()).sort()).toEqual(expect.arrayContaining(['tokpos', 'encoder1', 'encoder2', 'cls']));
    await expect.poll(() => app.page.textContent('[data-testid="problems"]')).toMatch(/No problems/);
    await app.shot('designer-transformer-en');
  });

  it('DSelect-k and MTAN templates on the synthetic pair are valid and drawn as blocks', async () => {
    await applyTemplate(synthetic.id, 'dselect-k');
    expect(await nodeIds()).toContain('dselectk');
    await expect.poll(() => app.page.textContent('[data-testid="problems"]')).toMatch(/No problems/);
    await app.shot('designer-dselect-k-en');
    await applyTemplate(synthetic.id, 'mtan');
    expect(await nodeIds()).toContain('mtan');
    await expect.poll(() => app.page.textContent('[data-testid="problems"]')).toMatch(/No problems/);
    await app.shot('designer-mtan-en');
    expect(app.errors).toEqual([]);
  });

  it('in Chinese', async () => {
    await app.page.evaluate(() => localStorage.setItem('mtlw-locale', 'zh'));
    await applyTemplate(text.id, 'transformer');
    expect(await app.page.textContent('[data-testid="palette-group-attention"]')).toContain('注意力');
    await app.shot('designer-transformer-zh');
    await applyTemplate(synthetic.id, 'mtan');
    await app.shot('designer-mtan-zh');
    await app.page.evaluate(() => localStorage.setItem('mtlw-locale', 'en'));
    expect(app.errors).toEqual([]);
  });
});
