// Chinese, complete: every view in Chinese (with data in it: a design, finished runs with baselines, a comparison,
// a dataset's detail, the launch form) is scanned for Latin words outside an allow-list of identifiers (layer kinds,
// strategy and metric abbreviations, units, file formats, the user's own names). Screenshots of every view in
// Chinese and English at 1600 × 1000.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { listKinds } from '../../shared/catalog/index.js';
import type { DatasetInfo } from '../../shared/dataset.js';
import type { RunConfig } from '../../shared/run.js';
import { startApp, type App } from './harness.js';

/** Words a Chinese interface keeps in Latin letters: identifiers, abbreviations, units, formats. */
const ALLOW = new Set(
  [
    ...listKinds().map((k) => k.kind),
    // blocks, templates, metrics, strategies, optimizers, schedules, formats, units, engines, hardware
    'MMoE', 'CGC', 'PLE', 'MTL', 'STL', 'MultiLeNet', 'Sener', 'Koltun',
    'MSE', 'MAE', 'RMSE', 'AUC', 'F1', 'R',
    'ew', 'uw', 'dwa', 'rlw', 'pcgrad', 'mgda', 'cagrad', 'imtl', 'gradnorm', 'static', 'nash', 'famo', 'fairgrad', 'gradvac', 'upgrad', 'dualproj', 'config', 'gls', 'stch', 'aligned',
    'EW', 'UW', 'DWA', 'RLW', 'PCGrad', 'MGDA', 'UB', 'CAGrad', 'IMTL', 'G', 'GradNorm', 'Nash', 'FAMO', 'FairGrad', 'GradVac', 'UPGrad', 'DualProj', 'ConFIG', 'GLS', 'STCH', 'Aligned',
    'SGD', 'Adam', 'AdamW', 'RMSprop', 'lr', 'cos', 'Δm',
    'PNG', 'CSV', 'JSON', 'IDX', 'Keras', 'Python', 'TensorFlow', 'TensorBoard',
    'px', 'ms', 's', 'm', 'h', 'k', 'M', 'B', 'KB', 'MB', 'GB', 'MiB', 'GiB', 'e',
    'wasm', 'cpu', 'webgpu', 'tensorflow', 'tfjs', 'node', 'gpu', 'CPU', 'GPU', 'CUDA', 'WebGPU', 'WebAssembly', 'SIMD', 'Vulkan', 'Dawn', 'SwiftShader', 'JavaScript',
    'Intel', 'Xeon', 'Processor', 'cores', 'thread', 'WebSocket', 'HTTP', 'Web', 'SQLite', 'Electron', 'Redis', 'BullMQ',
    'MNIST', 'EMNIST', 'Fashion', 'MultiMNIST', 'MultiFashion', 'Ma', 'et', 'al',
    'ID', 'v', 'x', 'y', 'Esc', 'Shift', 'Ctrl', 'Enter', 'Delete', 'F', 'S', 'Z', 'Y', 'C', 'V', 'X', 'A', 'D', 'L',
    'ReLU', 'relu', 'leaky', 'leakyRelu', 'softmax', 'sigmoid', 'tanh', 'linear', 'gelu', 'elu', 'selu', 'swish', 'valid', 'same', 'max', 'avg',
    // math in descriptions ("task i", "K×K"), TensorFlow.js, language names in their own language, GPU APIs
    'i', 'K', 'js', 'English', 'D3D12', 'Metal', 'TAG', 'p', 'Zalando', 'BERT', 'CLS', 'QK', 'Transformer', 'CNN', 'DSelect', 'log', 'top',
    // enum values named in descriptions (SequencePooling's mode)
    'first', 'mean',
    'mmoe', 'synthetic', 'multi', 'fashion', 'mnist', 'emnist', 'hps', 'cgc', 'ple',
  ].map((w) => w.toLowerCase()),
);

/** The user's own names (data, design, runs, tasks) are theirs, not the interface's. */
const USER = ['y1', 'y2', 'image', 'left', 'right', 'features'];

/** Identifiers that are not words: ids, paths, port names (in0, task1, out). */
function stripIdentifiers(text: string): string {
  return text
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, ' ')
    .replace(/(?:^|\s)\/[^\s]+/g, ' ')
    .replace(/\b(?:in|task)\d+\b/g, ' ')
    .replace(/\.(?:in|out)\b/g, ' ')
    .replace(/\b[a-z][a-z0-9]*_[a-z0-9_]+\b/g, ' ');
}

async function latinWords(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => {
    const parts: string[] = [document.body.innerText];
    for (const el of document.querySelectorAll<HTMLElement>('[placeholder], [title], [aria-label]')) {
      // a port's title is its id (in, out, task0)
      if (el.offsetParent === null || el.classList.contains('vue-flow__handle')) continue;
      parts.push(el.getAttribute('placeholder') ?? '', el.getAttribute('title') ?? '', el.getAttribute('aria-label') ?? '');
    }
    return parts.join('\n');
  });
  const words = stripIdentifiers(text).match(/[A-Za-z][A-Za-z0-9]*/g) ?? [];
  return [...new Set(words.filter((w) => !ALLOW.has(w.toLowerCase()) && !USER.includes(w) && !/^[a-z]?\d/.test(w)))].sort();
}

function config(design: RunConfig['design'], dataset: string, over: Partial<RunConfig>): RunConfig {
  return { design, datasets: [dataset], optimizer: { name: 'adam', lr: 0.01 }, schedule: { kind: 'constant' }, epochs: 2, batchSize: 32, weighting: { name: 'ew', params: {} }, seed: 1, backend: 'wasm', maxStepsPerEpoch: 6, ...over };
}

describe('Chinese, complete (web mode, Chromium)', () => {
  let app: App;
  let data: DatasetInfo;
  let runIds: string[] = [];
  const found: Record<string, string[]> = {};

  beforeAll(async () => {
    app = await startApp({ locale: 'zh', viewport: { width: 1600, height: 1000 } });
    const api = app.workbench.api;
    data = await api.createBuiltinDataset({ source: 'mmoe-synthetic', name: '合成数据', options: { rows: 1000, dim: 8, p: 0.5 }, seed: 2 });
    const design = { ...(await api.buildTemplate({ template: 'mmoe', datasetIds: [data.id] })), name: '多门控专家' };
    await api.saveDesign({ name: '多门控专家', design });
    const a = await api.startRun(config(design, data.id, { name: '等权', baselines: true }));
    const b = await api.startRun(config(design, data.id, { name: '梯度手术', weighting: { name: 'pcgrad', params: {} } }));
    runIds = [a.runIds[0], b.runIds[0]];
    const all = [...a.runIds, ...b.runIds];
    for (let i = 0; i < 480; i++) {
      const done = (await api.listRuns({ includeBaselines: true })).filter((r) => all.includes(r.id) && r.status === 'completed').length;
      if (done === all.length) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    await app.page.reload();
    await app.page.waitForSelector('[data-testid="statusbar"]');
  });

  afterAll(async () => {
    await app?.close();
  });

  /** Every view, opened as a user would, with data in it. */
  function views(): [string, () => Promise<void>][] {
    const { page } = app;
    const base = app.url.split('#')[0];
    const list: [string, () => Promise<void>][] = [];
    const visit = (name: string, open: () => Promise<void>) => list.push([name, open]);
    visit('designer', async () => {
      await page.goto(`${base}#/designer`);
      await page.waitForSelector('[data-testid="view-designer"]');
      await page.click('[data-testid="toolbar-open"]');
      await page.click('[data-testid^="design-open-"]');
      await page.waitForSelector('[data-kind="MMoE"]');
      await page.click('[data-kind="TaskHead"] .head');
    });
    visit('designer-templates', async () => {
      await page.click('[data-testid="toolbar-template"]');
    });
    visit('launch', async () => {
      await page.keyboard.press('Escape');
      await page.click('[data-testid="toolbar-train"]');
      await page.waitForSelector('[data-testid="launch-dialog"]');
    });
    visit('runs', async () => {
      await page.keyboard.press('Escape');
      await page.goto(`${base}#/runs?run=${runIds[0]}`);
      await page.waitForSelector(`[data-testid="run-live"][data-run-id="${runIds[0]}"]`);
      await page.check('[data-testid="runs-show-baselines"]');
    });
    visit('compare', async () => {
      await page.goto(`${base}#/compare?runs=${runIds.join(',')}`);
      await page.waitForSelector('[data-testid="view-compare"]');
      await page.waitForTimeout(1500);
    });
    visit('datasets', async () => {
      await page.goto(`${base}#/datasets`);
      await page.waitForSelector('[data-testid="view-datasets"]');
      await page.click(`[data-testid="dataset-item-${data.id}"]`).catch(() => undefined);
    });
    visit('datasets-create', async () => {
      await page.click('[data-testid="datasets-new"]').catch(() => undefined);
    });
    visit('settings', async () => {
      await page.keyboard.press('Escape');
      await page.goto(`${base}#/settings`);
      await page.waitForSelector('[data-testid="view-settings"]');
    });
    return list;
  }

  it('every view speaks Chinese: no Latin word outside the allow-list', async () => {
    for (const [name, open] of views()) {
      await open();
      await app.page.waitForTimeout(600);
      found[name] = await latinWords(app.page);
      await app.shot(`zh-${name}`);
    }
    const bad = Object.entries(found).filter(([, w]) => w.length > 0);
    expect(Object.fromEntries(bad)).toEqual({});
  });

  it('the same views in English (screenshots)', async () => {
    await app.page.evaluate(() => localStorage.setItem('mtlw-locale', 'en'));
    await app.page.reload();
    await app.page.waitForSelector('[data-testid="statusbar"]');
    for (const [name, open] of views()) {
      await open();
      await app.page.waitForTimeout(600);
      await app.shot(`en-${name}`);
    }
    expect(await app.page.textContent('[data-testid="nav-runs"]')).toMatch(/[A-Za-z]/);
  });
});
