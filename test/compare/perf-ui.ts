// Benchmark (a script, not a test): open Compare in headless Chromium through web mode on 50 stored runs ×
// 100 epochs × 4 tasks × 3 metrics (train + validation + test rows, and per-epoch diagnostics: 225,000 rows)
// and report the time from the request to every chart drawn (the four curve charts and the trade-off), as the
// page itself measures it (data-drawn-ms), plus the parts, the page-open → drawn time and the bytes fetched.
// The median of REPEATS openings, each in a freshly loaded page (nothing cached in the renderer), after one
// warm-up opening. Needs the built renderer (npx vite build; a private copy is served, so a rebuild meanwhile
// cannot disturb it). Run: node --import tsx test/compare/perf-ui.ts [--json] [--runs N] [--repeats N]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { createWorkbench } from '../../electron/services/workbench.js';
import { startWebServer } from '../../electron/web/server.js';
import type { MetricRow, RunConfig } from '../../shared/run.js';
import { CHROMIUM, CHROMIUM_ARGS, snapshotRenderer } from '../e2e/harness.js';

const argv = process.argv.slice(2);
const RUNS = argv.includes('--runs') ? Number(argv[argv.indexOf('--runs') + 1]) : 50;
const EPOCHS = 100;
const TASKS = ['t0', 't1', 't2', 't3'];
const METRICS = ['accuracy', 'f1', 'loss'];
const REPEATS = argv.includes('--repeats') ? Number(argv[argv.indexOf('--repeats') + 1]) : 5;

function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

function config(i: number): RunConfig {
  return {
    design: {
      version: 1,
      name: 'hps',
      nodes: [
        { id: 'in', kind: 'Input', params: { dataset: 'd', feature: 'x' }, position: { x: 0, y: 0 } },
        { id: 'shared', kind: 'Dense', params: { units: 64 }, position: { x: 0, y: 100 } },
        ...TASKS.map((t, k) => ({ id: `h${k}`, kind: 'TaskHead', params: { dataset: 'd', task: t }, position: { x: k * 180 - 270, y: 220 } })),
      ],
      edges: [
        { id: 'e0', source: 'in', sourcePort: 'out', target: 'shared', targetPort: 'in' },
        ...TASKS.map((_, k) => ({ id: `e${k + 1}`, source: 'shared', sourcePort: 'out', target: `h${k}`, targetPort: 'in' })),
      ],
    },
    datasets: ['d'],
    optimizer: { name: 'adam', lr: 0.001 * (1 + Math.floor(i / 5)) },
    schedule: { kind: 'constant' },
    epochs: EPOCHS,
    batchSize: 128,
    weighting: { name: ['ew', 'pcgrad', 'uw', 'dwa', 'mgda'][Math.floor(i / 10) % 5], params: {} },
    seed: i % 5,
  };
}

function rows(runId: string, seed: number): MetricRow[] {
  const r = rng(seed);
  const out: MetricRow[] = [];
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    const step = epoch * 100;
    for (const split of ['train', 'validation', 'test'] as const) {
      for (const task of TASKS) {
        for (const metric of METRICS) {
          const base = metric === 'loss' ? 2 * Math.exp(-epoch / 30) : 1 - 0.9 * Math.exp(-epoch / 20);
          out.push({ runId, epoch, step, split, task, metric, value: base + (r() - 0.5) * 0.05 });
        }
      }
    }
    for (const task of TASKS) {
      out.push({ runId, epoch, step, split: 'diagnostics', task, metric: 'weight', value: r() });
      out.push({ runId, epoch, step, split: 'diagnostics', task, metric: 'weighted_loss', value: r() });
    }
    out.push({ runId, epoch, step, split: 'diagnostics', task: 't0|t1', metric: 'grad_cos', value: r() - 0.5 });
  }
  return out;
}

const rendererDir = await snapshotRenderer();
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-perf-ui-'));
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-perf-ui-profile-'));
const workbench = createWorkbench({ home, transport: 'web' });
const server = await startWebServer({ workbench, port: 0, rendererDir });
const ids: string[] = [];
let totalRows = 0;
for (let i = 0; i < RUNS; i++) {
  const id = `perf-${String(i).padStart(3, '0')}`;
  workbench.store.runs.insert({ id, name: `run ${i}`, config: config(i), designName: 'hps' });
  workbench.store.runs.markStarted(id, { backend: 'wasm', device: 'cpu', versions: {} });
  const r = rows(id, i + 1);
  totalRows += r.length;
  workbench.store.metrics.insert(r);
  workbench.store.runs.finish(id, 'completed');
  ids.push(id);
}

const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  args: CHROMIUM_ARGS.filter((a) => a !== '--headless'),
  viewport: { width: 1440, height: 1000 },
});
const page = context.pages()[0] ?? (await context.newPage());
const samples: { fetch: number; compute: number; drawn: number; fromOpen: number; bytes: number }[] = [];
let apiBytes = 0;
page.on('response', (res) => {
  if (res.url().includes('/api/')) void res.body().then((b) => (apiBytes += b.length), () => {});
});
try {
  for (let k = 0; k < REPEATS + 1; k++) {
    // A fresh page each time: nothing cached in the renderer; the first load warms the server and the JIT.
    await page.goto('about:blank');
    apiBytes = 0;
    await page.goto(`${server.url.split('#')[0]}#/compare?runs=${ids.join(',')}`);
    await page.waitForSelector('[data-testid="compare-timing"][data-drawn-ms]:not([data-drawn-ms=""])', { timeout: 120_000 });
    const t = await page.$eval('[data-testid="compare-timing"]', (el) => ({
      fetch: Number(el.getAttribute('data-fetch-ms')),
      compute: Number(el.getAttribute('data-compute-ms')),
      drawn: Number(el.getAttribute('data-drawn-ms')),
      // the load starts this long after navigation (page, scripts, app start)
      fromOpen: Number(el.getAttribute('data-started-ms')) + Number(el.getAttribute('data-drawn-ms')),
    }));
    await new Promise((r) => setTimeout(r, 200)); // the last response bodies
    if (k > 0) samples.push({ ...t, bytes: apiBytes });
  }
} finally {
  await context.close();
  await server.close();
  await workbench.close();
  fs.rmSync(home, { recursive: true, force: true });
  fs.rmSync(profile, { recursive: true, force: true });
  fs.rmSync(rendererDir, { recursive: true, force: true });
}
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const figures = {
  runs: RUNS,
  epochs: EPOCHS,
  tasks: TASKS.length,
  metricsPerTask: METRICS.length,
  metricRows: totalRows,
  fetchMs: median(samples.map((s) => s.fetch)),
  computeMs: median(samples.map((s) => s.compute)),
  requestToDrawnMs: median(samples.map((s) => s.drawn)),
  pageOpenToDrawnMs: median(samples.map((s) => s.fromOpen)),
  apiBytes: median(samples.map((s) => s.bytes)),
  samples: samples.map((s) => s.drawn),
};
if (argv.includes('--json')) console.log(JSON.stringify(figures));
else {
  console.log(`Compare in Chromium (web mode): ${RUNS} runs × ${EPOCHS} epochs × ${TASKS.length} tasks × ${METRICS.length} metrics, ${totalRows} stored rows`);
  console.log(`  request → all charts drawn: median ${figures.requestToDrawnMs.toFixed(0)} ms over ${REPEATS} loads (${figures.samples.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`  of which runs + curves over HTTP: ${figures.fetchMs.toFixed(0)} ms (${(figures.apiBytes / 1e6).toFixed(2)} MB of API responses); table and Δm: ${figures.computeMs.toFixed(0)} ms`);
  console.log(`  page open (navigation) → all charts drawn: median ${figures.pageOpenToDrawnMs.toFixed(0)} ms`);
}
