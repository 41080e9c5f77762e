// Benchmark (a script, not a test): open Compare in headless Chromium through web mode on 50 stored runs ×
// 100 epochs × 4 tasks × 3 metrics (train + validation + test rows, and per-epoch diagnostics: 225,000 rows)
// and report the time from the request to every chart drawn (the four curve charts and the trade-off), as the
// page itself measures it (data-drawn-ms), plus the parts, the page-open → drawn time and the bytes fetched.
// Two ways to open it, REPEATS times each after one warm-up opening (medians printed): in a freshly loaded
// page (nothing cached or compiled yet in the renderer), and in the app already showing a 5-run comparison
// (the code warm, the 50 runs' data not cached). CPU time of the renderer and of the server is printed
// beside the wall times: on a shared machine it is the steadier figure. Needs the built renderer (npx vite build; a private copy is served, so a rebuild meanwhile
// cannot disturb it). Run: node --import tsx bench/compare-ui.ts [--json] [--runs N] [--repeats N]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { createWorkbench } from '../electron/services/workbench.js';
import { startWebServer } from '../electron/web/server.js';
import type { MetricRow, RunConfig } from '../shared/run.js';
import { CHROMIUM, CHROMIUM_ARGS, snapshotRenderer } from '../test/e2e/harness.js';

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
/** Stores a finished run as training would: its rows epoch by epoch, then its end (which caches its curves). */
function store(id: string, i: number): number {
  workbench.store.runs.insert({ id, name: `run ${i}`, config: config(i), designName: 'hps' });
  workbench.store.runs.markStarted(id, { backend: 'wasm', device: 'cpu', versions: {} });
  const r = rows(id, i + 1);
  const perEpoch = r.length / EPOCHS;
  for (let e = 0; e < EPOCHS; e++) workbench.store.metrics.insert(r.slice(e * perEpoch, (e + 1) * perEpoch));
  workbench.store.runs.finish(id, 'completed');
  return r.length;
}
const ids: string[] = [];
let totalRows = 0;
for (let i = 0; i < RUNS; i++) {
  const id = `perf-${String(i).padStart(3, '0')}`;
  totalRows += store(id, i);
  ids.push(id);
}
// Five more runs of the same shape: the comparison opened first in the "in the app" case.
const warmIds = Array.from({ length: 5 }, (_, i) => `warm-${i}`);
warmIds.forEach((id, i) => store(id, RUNS + i));

const context = await chromium.launchPersistentContext(profile, {
  executablePath: CHROMIUM,
  headless: true,
  args: CHROMIUM_ARGS.filter((a) => a !== '--headless'),
  viewport: { width: 1440, height: 1000 },
});
const page = context.pages()[0] ?? (await context.newPage());
const cdp = await context.newCDPSession(page);
await cdp.send('Performance.enable', { timeDomain: 'threadTicks' } as never);
/** The renderer's CPU time so far (ms), as Chromium's ThreadTime metric counts it. */
const pageCpuMs = async (): Promise<number> => {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return (metrics.find((m) => m.name === 'ThreadTime')?.value ?? Number.NaN) * 1000;
};

interface Sample { fetch: number; compute: number; drawn: number; fromOpen: number; bytes: number; pageCpu: number; serverCpu: number }
let apiBytes = 0;
page.on('response', (res) => {
  if (res.url().includes('/api/')) void res.body().then((b) => (apiBytes += b.length), () => {});
});
const base = server.url.split('#')[0];
const compareUrl = (list: string[]) => `${base}#/compare?runs=${list.join(',')}`;

/** Waits for the load that starts after `after` (performance.now() in the page) to have drawn every chart. */
async function drawnAfter(after: number): Promise<Omit<Sample, 'bytes' | 'pageCpu' | 'serverCpu'>> {
  const handle = await page.waitForFunction(
    (t) => {
      const el = document.querySelector('[data-testid="compare-timing"]');
      const started = Number(el?.getAttribute('data-started-ms'));
      const drawn = el?.getAttribute('data-drawn-ms');
      if (!el || !(started > t) || !drawn) return null;
      return {
        fetch: Number(el.getAttribute('data-fetch-ms')),
        compute: Number(el.getAttribute('data-compute-ms')),
        drawn: Number(drawn),
        // the load starts this long after navigation (page, scripts, app start)
        fromOpen: started + Number(drawn),
      };
    },
    after,
    { timeout: 120_000, polling: 50 },
  );
  return (await handle.jsonValue())!;
}

/** Opens the comparison of `ids` and measures it; `inApp`: in a page already showing another comparison. */
async function open(inApp: boolean): Promise<Sample> {
  await page.goto('about:blank');
  let after = -1;
  if (inApp) {
    await page.goto(compareUrl(warmIds));
    await drawnAfter(-1);
    await new Promise((r) => setTimeout(r, 300)); // idle, as a person reading it would leave the page
    after = await page.evaluate(() => performance.now());
  }
  apiBytes = 0;
  const cpu0 = await pageCpuMs();
  const server0 = process.cpuUsage();
  if (inApp) await page.evaluate((hash) => (location.hash = hash), compareUrl(ids).slice(base.length));
  else await page.goto(compareUrl(ids));
  const t = await drawnAfter(after);
  const server1 = process.cpuUsage(server0);
  const pageCpu = (await pageCpuMs()) - cpu0;
  await new Promise((r) => setTimeout(r, 200)); // the last response bodies
  return { ...t, bytes: apiBytes, pageCpu, serverCpu: (server1.user + server1.system) / 1000 };
}

const cold: Sample[] = [];
const warm: Sample[] = [];
try {
  // The first opening warms the server and the disk cache; then fresh pages and in-app openings in turn.
  await open(false);
  for (let k = 0; k < REPEATS; k++) {
    cold.push(await open(false));
    warm.push(await open(true));
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
const summary = (samples: Sample[]) => ({
  requestToDrawnMs: +median(samples.map((s) => s.drawn)).toFixed(1),
  fetchMs: +median(samples.map((s) => s.fetch)).toFixed(1),
  computeMs: +median(samples.map((s) => s.compute)).toFixed(1),
  pageCpuMs: +median(samples.map((s) => s.pageCpu)).toFixed(1),
  serverCpuMs: +median(samples.map((s) => s.serverCpu)).toFixed(1),
  apiBytes: median(samples.map((s) => s.bytes)),
  samples: samples.map((s) => +s.drawn.toFixed(0)),
});
const figures = {
  runs: RUNS,
  epochs: EPOCHS,
  tasks: TASKS.length,
  metricsPerTask: METRICS.length,
  metricRows: totalRows,
  // the headline: a fresh page each time, nothing warm in the renderer (its first comparison of the session)
  requestToDrawnMs: summary(cold).requestToDrawnMs,
  pageOpenToDrawnMs: +median(cold.map((s) => s.fromOpen)).toFixed(1),
  freshPage: summary(cold),
  inApp: summary(warm),
  loadAverage: os.loadavg()[0],
  cpus: os.cpus().length,
};
if (argv.includes('--json')) console.log(JSON.stringify(figures));
else {
  const line = (name: string, f: ReturnType<typeof summary>) => {
    console.log(`  ${name}: request → all charts drawn: median ${f.requestToDrawnMs.toFixed(0)} ms over ${f.samples.length} (${f.samples.join(', ')})`);
    console.log(`    records + curves over HTTP ${f.fetchMs.toFixed(0)} ms (${(f.apiBytes / 1e6).toFixed(2)} MB of API responses); table and Δm ${f.computeMs.toFixed(0)} ms`);
    console.log(`    CPU time from the request until drawn: renderer ${f.pageCpuMs.toFixed(0)} ms (Chromium's ThreadTime), server process ${f.serverCpuMs.toFixed(0)} ms`);
  };
  console.log(`Compare in Chromium (web mode): ${RUNS} runs × ${EPOCHS} epochs × ${TASKS.length} tasks × ${METRICS.length} metrics, ${totalRows} stored rows (load average ${figures.loadAverage.toFixed(1)} on ${figures.cpus} CPUs)`);
  line('fresh page (first comparison of the session)', figures.freshPage);
  console.log(`    page open (navigation) → all charts drawn: median ${figures.pageOpenToDrawnMs.toFixed(0)} ms (the renderer CPU above includes the app's start)`);
  line('in the app (after a 5-run comparison)', figures.inApp);
}
