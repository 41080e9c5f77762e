// The app over the Electron transport, in real Chromium: the renderer talks only to window.workbench from the
// built preload (sandboxed evaluation, structured-clone IPC stand-in, real ipc.ts + service). A design from a
// template, saved; two short runs trained from the Train dialog and watched live; the two compared.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { DatasetInfo } from '../../shared/dataset.js';
import type { RunRecord } from '../../shared/run.js';
import { startIpcApp, type IpcApp } from './ipc-harness.js';

const summary = async (page: Page, testid: string) => (await page.getAttribute(`[data-testid="${testid}"]`, 'data-summary')) ?? '';

async function train(app: IpcApp, o: { name: string; strategy: string; epochs: number; steps: number }): Promise<RunRecord> {
  const { page } = app;
  await app.goto('designer');
  await page.click('[data-testid="toolbar-train"]');
  await page.waitForSelector('[data-testid="launch-dialog"]');
  await page.waitForSelector(`[data-testid="launch-strategy"] option[value="${o.strategy}"]`, { state: 'attached' });
  await page.fill('[data-testid="launch-name"]', o.name);
  await page.selectOption('[data-testid="launch-strategy"]', o.strategy);
  await page.fill('[data-testid="launch-epochs"]', String(o.epochs));
  await page.fill('[data-testid="launch-batch-size"]', '32');
  await page.fill('[data-testid="launch-max-steps"]', String(o.steps));
  await page.click('[data-testid="launch-submit"]');
  await page.waitForSelector('[data-testid="launch-dialog"]', { state: 'detached' });
  await page.waitForSelector('[data-testid="view-runs"]');
  const run = (await app.workbench.api.listRuns({})).find((r) => r.name === o.name);
  expect(run, `run ${o.name} was started over IPC`).toBeDefined();
  return run!;
}

describe('the app over Electron IPC (built preload, sandboxed, structured clone), Chromium, real training', () => {
  let app: IpcApp;
  let dataset: DatasetInfo;
  let first: RunRecord;
  let second: RunRecord;

  beforeAll(async () => {
    app = await startIpcApp({ locale: 'en', viewport: { width: 1440, height: 1000 } });
    dataset = await app.workbench.api.createBuiltinDataset({ source: 'mmoe-synthetic', name: 'tiny synthetic', options: { rows: 600, dim: 8, p: 0.5 }, seed: 5 });
    await app.page.reload();
    await app.page.waitForSelector('[data-testid="view-designer"]');
  });
  afterAll(async () => {
    await app?.close();
  });

  it('runs on the Electron transport: the status bar says so, and calls go over the IPC channels', async () => {
    expect(await app.page.textContent('[data-testid="status-transport"]')).toContain('Electron');
    expect(app.invoked).toContain('api:getSystemInfo');
  });

  it('builds a design from a template and saves it (reactive store state crosses the bridge as plain copies)', async () => {
    const { page } = app;
    await page.click('[data-testid="tab-data"]');
    await page.click(`[data-testid="bind-${dataset.id}"]`);
    await page.click('[data-testid="toolbar-template"]');
    await page.click('[data-testid="template-mmoe"]');
    const confirm = page.locator('[data-testid="template-confirm"] [data-testid="confirm-ok"]');
    if (await confirm.count()) await confirm.click();
    await page.waitForSelector('[data-kind="MMoE"]');
    expect(await page.locator('[data-kind="TaskHead"]').count()).toBe(2);
    expect(app.invoked).toContain('api:buildTemplate');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Control+s');
    await page.fill('[data-testid="save-name"]', 'MMoE over IPC');
    await page.click('[data-testid="save-submit"]');
    await page.waitForSelector('[data-testid="design-saved"]');
    const stored = (await app.workbench.api.listDesigns()).find((d) => d.name === 'MMoE over IPC');
    expect(stored).toBeDefined();
    const design = await app.workbench.api.getDesign(stored!.id);
    expect(design.design.nodes.some((n) => n.kind === 'MMoE')).toBe(true);
  });

  it('trains a few steps from the Train dialog and shows the run live while it trains', async () => {
    const { page } = app;
    first = await train(app, { name: 'EW over IPC', strategy: 'ew', epochs: 4, steps: 20 });
    expect(first.config.design.nodes.some((n) => n.kind === 'MMoE')).toBe(true);
    await page.waitForSelector(`[data-testid="run-live"][data-run-id="${first.id}"]`);
    await expect.poll(() => summary(page, 'live-chart-batches'), { timeout: 120_000 }).not.toBe('');
    const before = await summary(page, 'live-chart-batches');
    await expect.poll(() => summary(page, 'live-chart-batches'), { timeout: 120_000 }).not.toBe(before);
    await page.waitForSelector(`[data-testid="run-live"][data-run-id="${first.id}"][data-status="completed"]`, { timeout: 180_000 });
    expect((await app.workbench.api.getRun(first.id)).status).toBe('completed');
  });

  it('trains a second run and compares the two', async () => {
    const { page } = app;
    second = await train(app, { name: 'PCGrad over IPC', strategy: 'pcgrad', epochs: 2, steps: 10 });
    await page.waitForSelector(`[data-testid="run-live"][data-run-id="${second.id}"][data-status="completed"]`, { timeout: 180_000 });
    await page.check(`[data-testid="run-check-${first.id}"]`);
    await page.check(`[data-testid="run-check-${second.id}"]`);
    await page.click('[data-testid="runs-compare"]');
    await page.waitForSelector('[data-testid="compare-table"]');
    for (const id of [first.id, second.id]) await page.waitForSelector(`[data-testid^="cmp-cell-y1-"][data-testid$="-${id}"]`);
    const value = Number(await page.getAttribute(`[data-testid^="cmp-cell-y1-mse-${first.id}"]`, 'data-value'));
    expect(Number.isFinite(value)).toBe(true);
    expect(app.invoked).toEqual(expect.arrayContaining(['api:startRun', 'api:listRuns', 'api:getRunCurves']));
    await app.shot('electron-ipc-compare-en');
  });

  it('a Proxy sent to the bridge is refused as Electron refuses it; a failure keeps its code through the envelope', async () => {
    const refused = await app.page.evaluate(async () => {
      const wb = (window as unknown as { workbench: Record<string, (...a: unknown[]) => Promise<unknown>> }).workbench;
      try {
        await wb.saveDesign(new Proxy({ name: 'x', design: { version: 1, name: 'x', nodes: [], edges: [] } }, {}));
        return 'sent';
      } catch (err) {
        return String((err as Error).message);
      }
    });
    expect(refused).toMatch(/could not be cloned/);
    await expect(app.api.getDesign('missing')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('had no page errors', () => {
    expect(app.errors).toEqual([]);
  });
});
