// What a new user tripped over in the Designer, end to end in headless Chromium through web mode:
// a template starts a new, unsaved design (never the saved design's identity), asked in the app's own dialog
// (Escape cancels it); a node dropped onto another lands on the nearest free spot, so its ports stay reachable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { DatasetInfo } from '../../shared/dataset.js';
import { centerOf, dragMouse, startApp, type App } from './harness.js';

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 100 });

async function dropFromPalette(page: Page, kind: string, at: { x: number; y: number }): Promise<void> {
  await page.fill('[data-testid="palette-search"]', kind);
  const entry = `[data-testid="palette-${kind}"]`;
  await page.waitForSelector(entry);
  const canvas = (await page.locator('[data-testid="canvas"]').boundingBox())!;
  await dragMouse(page, await centerOf(page, entry), { x: canvas.x + at.x, y: canvas.y + at.y });
  await page.fill('[data-testid="palette-search"]', '');
}

function overlap(a: { x: number; y: number; width: number; height: number }, b: typeof a): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

describe('Designer: templates and drops (web mode, Chromium)', () => {
  let app: App;
  let data: DatasetInfo;
  const browserDialogs: string[] = [];

  beforeAll(async () => {
    app = await startApp({ locale: 'en', viewport: { width: 1600, height: 1000 } });
    data = await app.workbench.api.createBuiltinDataset({ source: 'multi-fashion', options: { limit: 300 }, seed: 1 });
    app.page.on('dialog', (d) => browserDialogs.push(d.message()));
    await app.page.reload();
    await app.page.waitForSelector('[data-testid="view-designer"]');
    await app.page.click('[data-testid="tab-data"]');
    await app.page.click(`[data-testid="bind-${data.id}"]`);
    await app.page.click('[data-testid="tab-palette"]');
  });

  afterAll(async () => {
    await app?.close();
  });

  it('a template starts a new, unsaved design named after it; the saved design is left as it was', async () => {
    const { page } = app;
    await page.click('[data-testid="toolbar-template"]');
    await page.click('[data-testid="template-mmoe"]');
    await page.waitForSelector('[data-kind="MMoE"]');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Control+s');
    await page.fill('[data-testid="save-name"]', 'MMoE MultiFashion');
    await page.click('[data-testid="save-submit"]');
    await page.waitForSelector('[data-testid="design-saved"]');
    const [saved] = await app.workbench.api.listDesigns();
    expect(saved.name).toBe('MMoE MultiFashion');

    // Templates → Hard parameter sharing: asked in the app's own dialog; Escape cancels and nothing changes.
    await page.click('[data-testid="toolbar-template"]');
    await page.click('[data-testid="template-hps"]');
    await page.waitForSelector('[data-testid="template-confirm"]');
    expect(await page.textContent('[data-testid="template-confirm"]')).toContain('Hard parameter sharing');
    await app.shot('designer-template-confirm-en');
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="template-confirm"]', { state: 'detached' });
    expect(await page.locator('[data-kind="MMoE"]').count()).toBe(1);
    expect(await page.inputValue('[data-testid="design-name"]')).toBe('MMoE MultiFashion');

    await page.click('[data-testid="toolbar-template"]');
    await page.click('[data-testid="template-hps"]');
    await page.click('[data-testid="template-confirm"] [data-testid="confirm-ok"]');
    await poll(() => page.locator('[data-kind="MMoE"]').count()).toBe(0);
    expect(await page.inputValue('[data-testid="design-name"]')).toBe('Hard parameter sharing');
    expect(await page.locator('[data-testid="design-dirty"]').count()).toBe(1);
    expect(await page.locator('[data-testid="design-saved"]').count()).toBe(0);
    await poll(() => page.evaluate(() => location.hash)).not.toContain(saved.id);

    // Save asks for a name (a new design): the MMoE design in the store is untouched.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Control+s');
    expect(await page.inputValue('[data-testid="save-name"]')).toBe('Hard parameter sharing');
    await page.click('[data-testid="save-submit"]');
    await page.waitForSelector('[data-testid="design-saved"]');
    const designs = await app.workbench.api.listDesigns();
    expect(designs.map((d) => d.name).sort()).toEqual(['Hard parameter sharing', 'MMoE MultiFashion']);
    const mmoe = designs.find((d) => d.id === saved.id)!;
    expect(mmoe.design.nodes.some((n) => n.kind === 'MMoE')).toBe(true);
    expect(browserDialogs).toEqual([]);

    // Escape closes a dialog wherever the focus is (here: on the page, not in the dialog).
    for (const [button, dialog] of [['toolbar-open', 'designs-dialog'], ['toolbar-export-keras', 'keras-dialog']]) {
      await page.click(`[data-testid="${button}"]`);
      await page.waitForSelector(`[data-testid="${dialog}"]`);
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      await page.keyboard.press('Escape');
      await page.waitForSelector(`[data-testid="${dialog}"]`, { state: 'detached' });
    }
  });

  it('templates open laid out to fit the view at a readable size (text ≥ 11 px at fit)', async () => {
    const { page } = app;
    for (const template of ['hps', 'mmoe', 'cross-stitch']) {
      await page.click('[data-testid="toolbar-template"]');
      await page.click(`[data-testid="template-${template}"]`);
      if (await page.locator('[data-testid="template-confirm"]').count()) await page.click('[data-testid="template-confirm"] [data-testid="confirm-ok"]');
      await page.waitForSelector('[data-kind="TaskHead"]');
      await page.waitForTimeout(1500); // the fit animation
      const m = await page.evaluate(() => {
        const vp = document.querySelector('.vue-flow__viewport') as HTMLElement;
        const zoom = new DOMMatrixReadOnly(getComputedStyle(vp).transform).a;
        const sizes = [...document.querySelectorAll('.vue-flow__node *')]
          .filter((e) => e.childNodes.length && [...e.childNodes].some((c) => c.nodeType === 3 && c.textContent!.trim()))
          .map((e) => parseFloat(getComputedStyle(e).fontSize) * zoom);
        const pane = document.querySelector('[data-testid="canvas"]')!.getBoundingClientRect();
        const nodes = [...document.querySelectorAll('.vue-flow__node')].map((n) => n.getBoundingClientRect());
        const w = Math.max(...nodes.map((r) => r.right)) - Math.min(...nodes.map((r) => r.left));
        const h = Math.max(...nodes.map((r) => r.bottom)) - Math.min(...nodes.map((r) => r.top));
        return { zoom, minText: Math.min(...sizes), used: Math.max(w / pane.width, h / pane.height) };
      });
      expect(m.minText, `${template}: smallest text ${m.minText.toFixed(1)} px at zoom ${m.zoom.toFixed(2)}`).toBeGreaterThanOrEqual(11);
      expect(m.used, `${template}: the design spans ${(m.used * 100).toFixed(0)}% of the canvas`).toBeGreaterThan(0.5);
      await app.shot(`designer-template-${template}-en`);
    }
  });

  it('a node dropped onto another lands beside it, and its ports connect', async () => {
    const { page } = app;
    await page.click('[data-testid="toolbar-new"]');
    if (await page.locator('[data-testid="discard-confirm"]').count()) await page.click('[data-testid="discard-confirm"] [data-testid="confirm-ok"]');
    await page.waitForFunction(() => document.querySelectorAll('.vue-flow__node').length === 0);
    await dropFromPalette(page, 'Dense', { x: 400, y: 260 });
    await dropFromPalette(page, 'Dense', { x: 400, y: 260 });
    await dropFromPalette(page, 'Dense', { x: 410, y: 270 });
    await poll(() => page.locator('.vue-flow__node').count()).toBe(3);
    const boxes = await Promise.all(['dense_1', 'dense_2', 'dense_3'].map(async (id) => (await page.locator(`[data-testid="node-${id}"]`).boundingBox())!));
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(overlap(boxes[i], boxes[j])).toBe(false);
    // each new node lands near where it was dropped (within two node heights)
    for (const b of boxes) expect(Math.hypot(b.x + b.width / 2 - boxes[0].x - boxes[0].width / 2, b.y - boxes[0].y)).toBeLessThan(3 * Math.max(b.height, b.width));
    await dragMouse(page, await centerOf(page, '[data-testid="port-dense_1-out"]'), await centerOf(page, '[data-testid="port-dense_2-in"]'), 16);
    await poll(() => page.locator('.vue-flow__edge').count()).toBe(1);
    await app.shot('designer-drop-free-spot-en');
    expect(app.errors).toEqual([]);
  });
});
