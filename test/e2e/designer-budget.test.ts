// The machine's memory budget reaches the Designer: a design too large to train here is an error while it is
// drawn (naming the node that needs the most and the budget), not only when Train is pressed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from './harness.js';

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 100 });
const saved = process.env.MTLW_MEMORY_BUDGET;

async function openTooLarge(locale: 'en' | 'zh'): Promise<{ app: App; text: string }> {
  const app = await startApp({ locale, viewport: { width: 1600, height: 1000 } });
  const data = await app.workbench.api.createBuiltinDataset({ source: 'multi-fashion', options: { limit: 300 }, seed: 1 });
  const { page } = app;
  await page.reload();
  await page.waitForSelector('[data-testid="view-designer"]');
  await page.click('[data-testid="tab-data"]');
  await page.click(`[data-testid="bind-${data.id}"]`);
  await page.click('[data-testid="toolbar-template"]');
  await page.click('[data-testid="template-hps"]');
  if (await page.locator('[data-testid="template-confirm"]').count()) await page.click('[data-testid="template-confirm"] [data-testid="confirm-ok"]');
  await poll(() => page.locator('.vue-flow__node').count()).toBeGreaterThan(5);
  await poll(async () => (await page.textContent('[data-testid="problems"]')) ?? '').toContain('MTLW_MEMORY_BUDGET');
  expect(await page.textContent('[data-testid="problems-errors"]')).toMatch(/1/);
  if (!(await page.locator('[data-testid="problems"].open').count())) await page.click('[data-testid="problems-toggle"]');
  const text = (await page.textContent('[data-testid="problems"]')) ?? '';
  await app.shot(`designer-over-budget-${locale}`);
  return { app, text };
}

describe('Designer: the memory budget (web mode, Chromium)', () => {
  const apps: App[] = [];
  beforeAll(() => {
    process.env.MTLW_MEMORY_BUDGET = '100KB'; // MultiLeNet with Adam needs several times that
  });
  afterAll(async () => {
    for (const a of apps) await a.close();
    if (saved === undefined) delete process.env.MTLW_MEMORY_BUDGET;
    else process.env.MTLW_MEMORY_BUDGET = saved;
  });

  it('a design over the budget is an error while it is drawn, naming the budget and the largest node', async () => {
    const { app, text } = await openTooLarge('en');
    apps.push(app);
    expect(text).toMatch(/100(\.0)? ?(KB|KiB|kB)/);
    expect(text).toMatch(/MTLW_MEMORY_BUDGET/);
    expect(text).toMatch(/fc|conv/i); // the node that needs the most is named
    expect(app.errors).toEqual([]);
  });

  it('in Chinese', async () => {
    const { app, text } = await openTooLarge('zh');
    apps.push(app);
    expect(text).toContain('超出预算');
    expect(app.errors).toEqual([]);
  });
});
