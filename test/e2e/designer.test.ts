// The Designer in headless Chromium through web mode, driven with real mouse and keyboard events:
// drag from the palette, connect ports (one refused, with its reason), edit a parameter and watch the
// shapes change, undo/redo, clipboard, the MMoE template on a small MultiFashion, save, reload, and a
// design drawing on two datasets (MNIST digits beside Fashion-MNIST). Screenshots at each step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { DatasetInfo } from '../../shared/dataset.js';
import { centerOf, dragMouse, startApp, type App } from './harness.js';

/** The page updates asynchronously; a loaded 2-core machine may need a few seconds. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000, interval: 100 });

const node = (id: string) => `[data-testid="node-${id}"]`;
const port = (id: string, p: string) => `[data-testid="port-${id}-${p}"]`;

async function dropFromPalette(page: Page, kind: string, at: { x: number; y: number }): Promise<void> {
  await page.fill('[data-testid="palette-search"]', kind);
  const entry = `[data-testid="palette-${kind}"]`;
  await page.waitForSelector(entry);
  const canvas = (await page.locator('[data-testid="canvas"]').boundingBox())!;
  await dragMouse(page, await centerOf(page, entry), { x: canvas.x + at.x, y: canvas.y + at.y });
  await page.fill('[data-testid="palette-search"]', '');
}

async function connect(page: Page, from: string, to: string): Promise<void> {
  await dragMouse(page, await centerOf(page, from), await centerOf(page, to), 16);
  await page.waitForTimeout(120);
}

/** The shape label on the edge from one node to another. */
async function edgeLabel(page: Page, source: string, target: string): Promise<string> {
  const el = page.locator(`[data-testid^="edge-e_${source}."][data-testid*="-${target}."]`);
  return ((await el.first().textContent()) ?? '').trim();
}

/** Answers the app's own confirm dialog with OK. */
async function confirmDialog(page: Page, testid: string): Promise<void> {
  await page.click(`[data-testid="${testid}"] [data-testid="confirm-ok"]`);
  await page.waitForSelector(`[data-testid="${testid}"]`, { state: 'detached' });
}

async function blurAndPress(page: Page, keys: string): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press(keys);
}

describe('Designer (web mode, Chromium)', () => {
  let app: App;
  let multiFashion: DatasetInfo;
  let mnist: DatasetInfo;
  let fashion: DatasetInfo;

  beforeAll(async () => {
    app = await startApp({ locale: 'en' });
    const api = app.workbench.api;
    multiFashion = await api.createBuiltinDataset({ source: 'multi-fashion', options: { limit: 400 }, seed: 1 });
    mnist = await api.createBuiltinDataset({ source: 'mnist', options: { limit: 400 }, seed: 1 });
    fashion = await api.createBuiltinDataset({ source: 'fashion-mnist', options: { limit: 400 }, seed: 1 });
    await app.page.reload();
    await app.page.waitForSelector('[data-testid="view-designer"]');
  });

  afterAll(async () => {
    await app?.close();
  });

  it('builds a network by dragging from the palette and connecting ports; refuses a bad connection with its reason', async () => {
    const { page } = app;
    await page.click('[data-testid="tab-data"]');
    await page.click(`[data-testid="bind-${multiFashion.id}"]`);
    await page.click('[data-testid="tab-palette"]');

    await dropFromPalette(page, 'Input', { x: 280, y: 50 });
    await dropFromPalette(page, 'Dense', { x: 280, y: 330 });
    await dropFromPalette(page, 'TaskHead', { x: 280, y: 470 });
    await page.waitForSelector(node('input_1'));
    await page.waitForSelector(node('dense_1'));
    await page.waitForSelector(node('task_head_1'));
    // the Input took the bound dataset's feature, the head its first task
    expect(await page.textContent(`[data-testid="node-feature-input_1"]`)).toBe('image');
    expect(await page.textContent(`[data-testid="node-task-task_head_1"]`)).toBe('left');
    expect(await page.textContent(`[data-testid="node-shape-input_1"]`)).toBe('[28, 28, 1]');
    await app.shot('designer-01-dropped');

    // An image straight into a Dense: refused, and the reason is shown.
    await connect(page, port('input_1', 'out'), port('dense_1', 'in'));
    const msg = page.locator('[data-testid="connection-message"]');
    await poll(() => msg.textContent()).toMatch(/dense_1 needs a flat input but gets \[28, 28, 1\]: add a Flatten/);
    expect(await page.locator('.vue-flow__edge').count()).toBe(0);
    await app.shot('designer-02-refused');

    // Put a Flatten between them.
    await dropFromPalette(page, 'Flatten', { x: 280, y: 190 });
    await page.waitForSelector(node('flatten_1'));
    await connect(page, port('input_1', 'out'), port('flatten_1', 'in'));
    await connect(page, port('flatten_1', 'out'), port('dense_1', 'in'));
    await connect(page, port('dense_1', 'out'), port('task_head_1', 'in'));
    await app.shot('designer-03-connected');
    expect(await page.locator('.vue-flow__edge').count()).toBe(3);
    expect(await edgeLabel(page, 'input_1', 'flatten_1')).toBe('[28, 28, 1]');
    expect(await edgeLabel(page, 'flatten_1', 'dense_1')).toBe('[784]');
    expect(await edgeLabel(page, 'dense_1', 'task_head_1')).toBe('[64]');
    expect(await page.textContent('[data-testid="node-shape-task_head_1"]')).toBe('[10]');
    // params: Dense 784*64+64 = 50,240, head 64*10+10 = 650
    await poll(() => page.textContent('[data-testid="totals-params"]')).toBe('50.9k');
    expect(await page.locator('[data-testid="problems-errors"]').count()).toBe(0);
    await app.shot('designer-03-connected');
  });

  it('edits a parameter in the inspector and the shapes follow; undo and redo', async () => {
    const { page } = app;
    await page.click(`${node('dense_1')} .head`);
    const units = page.locator('[data-testid="inspector-units"]');
    await poll(() => units.inputValue()).toBe('64');
    // an invalid value is shown as such and not applied
    await units.fill('0');
    await poll(() => page.textContent('[data-testid="inspector-error-units"]')).toMatch(/units must be between 1 and/);
    expect(await page.textContent('[data-testid="node-shape-dense_1"]')).toBe('[64]');
    await app.shot('designer-04-invalid-param');
    await units.fill('32');
    await poll(() => page.textContent('[data-testid="node-shape-dense_1"]')).toBe('[32]');
    expect(await edgeLabel(page, 'dense_1', 'task_head_1')).toBe('[32]');
    expect(await page.textContent('[data-testid="totals-params"]')).toBe('25.4k');
    await app.shot('designer-05-param-edited');

    await blurAndPress(page, 'Control+z');
    await poll(() => page.textContent('[data-testid="node-shape-dense_1"]')).toBe('[64]');
    expect(await edgeLabel(page, 'dense_1', 'task_head_1')).toBe('[64]');
    await app.shot('designer-06-undone');
    await page.keyboard.press('Control+y');
    await poll(() => page.textContent('[data-testid="node-shape-dense_1"]')).toBe('[32]');
    // undo walks back over the connections too, and redo restores them
    await page.click('[data-testid="toolbar-undo"]');
    await page.click('[data-testid="toolbar-undo"]');
    await poll(() => page.locator('.vue-flow__edge').count()).toBe(2);
    await page.click('[data-testid="toolbar-redo"]');
    await page.click('[data-testid="toolbar-redo"]');
    await poll(() => page.locator('.vue-flow__edge').count()).toBe(3);
    expect(await page.textContent('[data-testid="node-shape-dense_1"]')).toBe('[32]');
  });

  it('copies, pastes, duplicates, moves a group and deletes with the keyboard', async () => {
    const { page } = app;
    await page.click(`${node('flatten_1')} .head`);
    await page.click(`${node('dense_1')} .head`, { modifiers: ['Control'] });
    await blurAndPress(page, 'Control+c');
    await page.keyboard.press('Control+v');
    await page.waitForSelector(node('flatten_2'));
    await page.waitForSelector(node('dense_2'));
    // the edge between the copied nodes came along; the pasted nodes are the selection
    await poll(() => page.locator('[data-testid^="edge-e_flatten_2.out-dense_2."]').count()).toBe(1);
    expect(await page.locator('.vue-flow__node.selected').count()).toBe(2);
    // drag the pasted pair as a group
    const before = await page.locator(node('dense_2')).boundingBox();
    const grab = await centerOf(page, `${node('flatten_2')} .head`);
    await dragMouse(page, grab, { x: grab.x + 320, y: grab.y + 20 });
    const after = await page.locator(node('dense_2')).boundingBox();
    expect(after!.x - before!.x).toBeGreaterThan(250);
    await app.shot('designer-07-pasted-moved');
    // one undo puts the whole group move back
    await page.keyboard.press('Control+z');
    await poll(async () => (await page.locator(node('dense_2')).boundingBox())!.x).toBeCloseTo(before!.x, 0);
    await page.keyboard.press('Control+y');
    // Delete removes the selection; Ctrl+D duplicates
    await page.keyboard.press('Delete');
    await poll(() => page.locator(node('dense_2')).count()).toBe(0);
    expect(await page.locator(node('flatten_2')).count()).toBe(0);
    await page.click(`${node('dense_1')} .head`);
    await page.keyboard.press('Control+d');
    await page.waitForSelector(node('dense_2'));
    await page.keyboard.press('Control+x');
    await poll(() => page.locator(node('dense_2')).count()).toBe(0);
    await page.keyboard.press('Control+v');
    await page.waitForSelector(node('dense_2'));
    await page.keyboard.press('Delete');
    // Ctrl+A selects everything
    await page.click('.vue-flow__pane', { position: { x: 40, y: 300 } });
    await page.keyboard.press('Control+a');
    expect(await page.locator('.vue-flow__node.selected').count()).toBe(4);
    await page.keyboard.press('Escape');
    expect(app.errors).toEqual([]);
  });

  it('applies the MMoE template to MultiFashion, saves, and finds the design intact after a reload', async () => {
    const { page } = app;
    await page.click('[data-testid="toolbar-template"]');
    await app.shot('designer-08-templates-menu');
    await page.click('[data-testid="template-mmoe"]'); // starts a new design from the template (asked first)
    await confirmDialog(page, 'template-confirm');
    await page.waitForSelector('[data-kind="MMoE"]');
    await page.keyboard.press('f');
    await page.waitForTimeout(400);
    const heads = page.locator('[data-kind="TaskHead"]');
    expect(await heads.count()).toBe(2);
    const tasks = await page.locator('[data-testid^="node-task-"]').allTextContents();
    expect(tasks.sort()).toEqual(['left', 'right']);
    expect(await page.locator('[data-testid="problems-errors"]').count()).toBe(0);
    await app.shot('designer-09-mmoe-template');
    // double-click zooms in on a node: the block with one output port per task
    await page.dblclick('[data-kind="MMoE"] .head');
    await page.waitForTimeout(500);
    expect(await page.locator('[data-testid^="port-mmoe"][data-testid$="-task0"]').count()).toBe(1);
    expect(await page.locator('[data-testid^="port-mmoe"][data-testid$="-task1"]').count()).toBe(1);
    await app.shot('designer-09b-mmoe-block');

    const nodesBefore = await page.locator('.vue-flow__node').count();
    const edgesBefore = await page.locator('.vue-flow__edge').count();
    const totalsBefore = await page.textContent('[data-testid="totals-params"]');
    await blurAndPress(page, 'Control+s');
    await page.fill('[data-testid="save-name"]', 'MMoE on MultiFashion');
    await page.fill('[data-testid="save-notes"]', 'Two tasks, four experts.');
    await app.shot('designer-10-save-dialog');
    await page.click('[data-testid="save-submit"]');
    await page.waitForSelector('[data-testid="design-saved"]');
    const stored = await app.workbench.api.listDesigns();
    expect(stored.map((d) => d.name)).toContain('MMoE on MultiFashion');

    await page.reload();
    await page.waitForSelector('[data-kind="MMoE"]');
    expect(await page.inputValue('[data-testid="design-name"]')).toBe('MMoE on MultiFashion');
    expect(await page.locator('.vue-flow__node').count()).toBe(nodesBefore);
    expect(await page.locator('.vue-flow__edge').count()).toBe(edgesBefore);
    await poll(() => page.textContent('[data-testid="totals-params"]')).toBe(totalsBefore);
    expect(await page.locator('[data-testid="design-dirty"]').count()).toBe(0);
    const saved = stored.find((d) => d.name === 'MMoE on MultiFashion')!;
    expect(saved.design.nodes.length).toBe(nodesBefore);
    await app.shot('designer-11-reloaded');
  });

  it('exports Keras code and lists saved designs', async () => {
    const { page } = app;
    await page.click('[data-testid="toolbar-export-keras"]');
    await page.waitForSelector('[data-testid="keras-code"]');
    const code = await page.textContent('[data-testid="keras-code"]');
    expect(code).toMatch(/keras/);
    await app.shot('designer-12-keras');
    await page.click('[data-testid="keras-dialog"] footer .btn.primary');
    await page.click('[data-testid="toolbar-open"]');
    await page.waitForSelector('[data-testid^="design-item-"]');
    await app.shot('designer-13-open-dialog');
    await page.click('[data-testid="designs-dialog"] footer .btn');
  });

  it('builds a design on two datasets (MNIST digits beside Fashion-MNIST): a shared trunk, a head per dataset', async () => {
    const { page } = app;
    await page.click('[data-testid="toolbar-new"]');
    await page.waitForFunction(() => document.querySelectorAll('.vue-flow__node').length === 0);
    await page.click('[data-testid="tab-data"]');
    // a fresh design keeps the chosen datasets: swap MultiFashion for MNIST + Fashion-MNIST
    await page.click(`[data-testid="bind-${multiFashion.id}"]`);
    await page.click(`[data-testid="bind-${mnist.id}"]`);
    await page.click(`[data-testid="bind-${fashion.id}"]`);
    await page.click('[data-testid="tab-palette"]');

    // One Input shared by both datasets (dataset = each head's own), a trunk, then a head per task.
    await dropFromPalette(page, 'Input', { x: 300, y: 40 });
    await page.click(`${node('input_1')} .head`);
    await page.selectOption('[data-testid="inspector-dataset"]', '');
    await page.selectOption('[data-testid="inspector-feature"]', 'image');
    await dropFromPalette(page, 'Flatten', { x: 300, y: 170 });
    await dropFromPalette(page, 'Dense', { x: 300, y: 300 });
    await connect(page, port('input_1', 'out'), port('flatten_1', 'in'));
    await connect(page, port('flatten_1', 'out'), port('dense_1', 'in'));
    await page.click(`${node('dense_1')} .head`);
    await page.click('[data-testid="tab-data"]');
    await app.shot('designer-14-two-datasets-bound');
    await page.click('[data-testid="data-add-heads"]');
    await page.waitForSelector('[data-kind="TaskHead"] >> nth=1');
    const headDatasets = await page.locator('[data-testid^="node-dataset-"]').allTextContents();
    expect(headDatasets.sort()).toEqual([fashion.name, mnist.name].sort());
    const headTasks = await page.locator('[data-testid^="node-task-"]').allTextContents();
    expect(headTasks.sort()).toEqual([...fashion.tasks.map((t) => t.name), ...mnist.tasks.map((t) => t.name)].sort());
    // both heads hang off the shared Dense, and the design is valid
    await poll(() => page.locator('[data-testid^="edge-e_dense_1.out-task_head_"]').count()).toBe(2);
    await poll(() => page.locator('[data-testid="problems-errors"]').count()).toBe(0);
    await page.click('[data-testid="toolbar-layout"]');
    await page.waitForTimeout(400);
    await app.shot('designer-15-two-datasets');

    await page.click('[data-testid="toolbar-save"]');
    await page.fill('[data-testid="save-name"]', 'Digits and clothing');
    await page.click('[data-testid="save-submit"]');
    await page.waitForSelector('[data-testid="design-saved"]');
    const saved = (await app.workbench.api.listDesigns()).find((d) => d.name === 'Digits and clothing')!;
    const ds = saved.design.nodes.filter((n) => n.kind === 'TaskHead').map((n) => n.params.dataset);
    expect(ds.sort()).toEqual([fashion.id, mnist.id].sort());
    // the server-side validator agrees with what the canvas showed
    const v = await app.workbench.api.validateDesign(saved.design);
    expect(v.problems.filter((p) => p.severity === 'error')).toEqual([]);

    // and it trains: a few steps from the Train button, both tasks drawing on their own dataset
    await page.click('[data-testid="toolbar-train"]');
    await page.waitForSelector('[data-testid="launch-dialog"]');
    expect(await page.textContent('[data-testid="launch-datasets"]')).toContain(mnist.name);
    expect(await page.textContent('[data-testid="launch-datasets"]')).toContain(fashion.name);
    await page.fill('[data-testid="launch-name"]', 'digits + clothing');
    await page.fill('[data-testid="launch-epochs"]', '1');
    await page.fill('[data-testid="launch-batch-size"]', '32');
    await page.fill('[data-testid="launch-max-steps"]', '6');
    await app.shot('designer-17-two-datasets-train');
    await page.click('[data-testid="launch-submit"]');
    await page.waitForSelector('[data-testid="view-runs"]');
    let run = (await app.workbench.api.listRuns()).find((r) => r.name.startsWith('digits + clothing'))!;
    expect(run.datasetIds.sort()).toEqual([fashion.id, mnist.id].sort());
    await expect
      .poll(async () => (run = await app.workbench.api.getRun(run.id)).status, { timeout: 180_000, interval: 1000 })
      .toBe('completed');
    const metrics = await app.workbench.api.getRunMetrics(run.id);
    expect(metrics.some((m) => m.task === 'digit')).toBe(true);
    expect(metrics.some((m) => m.task === 'clothing')).toBe(true);
    await app.shot('designer-18-two-datasets-trained');
    await app.goto('designer');
    expect(app.errors).toEqual([]);
  });

  it('builds a template for two datasets at once, and round-trips a design through a JSON file', async () => {
    const { page } = app;
    await page.click('[data-testid="toolbar-template"]');
    await page.click('[data-testid="template-hps"]');
    await confirmDialog(page, 'template-confirm');
    await page.waitForFunction(() => document.querySelectorAll('[data-kind="TaskHead"]').length === 2);
    const headDatasets = await page.locator('[data-testid^="node-dataset-"]').allTextContents();
    expect(headDatasets.sort()).toEqual([fashion.name, mnist.name].sort());
    await poll(() => page.locator('[data-testid="problems-errors"]').count()).toBe(0);
    await page.keyboard.press('f');
    await page.waitForTimeout(400);
    await app.shot('designer-19-hps-two-datasets');

    const nodes = await page.locator('.vue-flow__node').count();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="toolbar-export-json"]')]);
    const file = await download.path();
    expect(file).toBeTruthy();
    await page.click('[data-testid="toolbar-new"]'); // unsaved changes: asked first
    await confirmDialog(page, 'discard-confirm');
    await page.waitForFunction(() => document.querySelectorAll('.vue-flow__node').length === 0);
    await page.setInputFiles('[data-testid="toolbar-import-file"]', file!);
    await poll(() => page.locator('.vue-flow__node').count()).toBe(nodes);
    expect((await page.locator('[data-testid^="node-dataset-"]').allTextContents()).sort()).toEqual([fashion.name, mnist.name].sort());
    await poll(() => page.locator('[data-testid="problems-errors"]').count()).toBe(0);
    expect(await page.locator('[data-testid="design-dirty"]').count()).toBe(1);

    // unsaved work survives a reload (kept as a draft), still marked unsaved
    await page.reload();
    await poll(() => page.locator('.vue-flow__node').count()).toBe(nodes);
    expect(await page.locator('[data-testid="design-dirty"]').count()).toBe(1);
  });

  it('speaks Chinese in the Designer too', async () => {
    const { page } = app;
    await page.evaluate(() => localStorage.setItem('mtlw-locale', 'zh'));
    await page.reload();
    await page.waitForSelector('[data-kind="TaskHead"]');
    expect(await page.textContent('[data-testid="tab-palette"]')).toContain('网络层');
    await page.click('[data-kind="TaskHead"] .head >> nth=0');
    expect(await page.textContent('[data-testid="inspector"]')).toContain('任务头');
    await app.shot('designer-16-zh');

    // A problem and a refused connection read in Chinese, values filled in: a new Dense with nothing on
    // its input, and an image offered to it straight from the Input.
    await page.keyboard.press('Escape');
    await page.keyboard.press('f');
    await page.waitForTimeout(400);
    const canvas = (await page.locator('[data-testid="canvas"]').boundingBox())!;
    await dropFromPalette(page, 'Dense', { x: canvas.width - 260, y: 120 });
    await page.waitForSelector(node('dense_1'));
    await page.click(`${node('dense_1')} .head`);
    const problemTexts = () => page.locator('[data-testid^="problem-message-"]').allTextContents();
    await poll(problemTexts).toContain("Dense 'dense_1' 的输入“in”没有连接：请把一个网络层连到它");
    await poll(problemTexts).toContain("Dense 'dense_1' 没有去向：请把它的输出连向一个任务头，或删除它");
    expect((await problemTexts()).join('\n')).not.toMatch(/has nothing connected|leads nowhere/);
    expect(await page.textContent('[data-testid="inspector-problem-0"]')).toBe("Dense 'dense_1' 的输入“in”没有连接：请把一个网络层连到它");
    await app.shot('designer-20-zh-problem');

    const edges = await page.locator('.vue-flow__edge').count();
    await connect(page, port('input', 'out'), port('dense_1', 'in'));
    const msg = page.locator('[data-testid="connection-message"]');
    await poll(() => msg.textContent()).toMatch(/形状不匹配：dense_1 需要扁平的输入，但得到的是 \[28, 28, 1\]：请在它之前加一个 Flatten/);
    await app.shot('designer-21-zh-refused');
    expect(await msg.textContent()).not.toMatch(/needs a flat input/);
    expect(await page.locator('.vue-flow__edge').count()).toBe(edges);

    // an invalid value in the inspector says why in Chinese
    await page.fill('[data-testid="inspector-units"]', '0');
    await poll(() => page.textContent('[data-testid="inspector-error-units"]')).toBe('units 必须在 1 到 1000000 之间（得到 0）');
    await app.shot('designer-22-zh-invalid-param');
    await page.fill('[data-testid="inspector-units"]', '64');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Delete');
    await poll(() => page.locator(node('dense_1')).count()).toBe(0);
    expect(app.errors).toEqual([]);
    await page.evaluate(() => localStorage.setItem('mtlw-locale', 'en'));
  });
});
