// Benchmark (a script, not a test): computeComparison over generated data,
// 50 runs × 100 epochs × 4 tasks × 3 metrics on train and validation, plus per-epoch diagnostics.
// Run: node --import tsx bench/compare-perf.ts [--json]
import { alignCurves, curveIndex, curvesOfRows, emaSmooth, paretoFront, comparisonToCsv } from '../shared/compare/index.js';
import { compareRows as computeComparison } from '../test/compare/fixtures.js';
import type { MetricRow, RunRecord } from '../shared/run.js';
import { performance } from 'node:perf_hooks';

const RUNS = 50;
const EPOCHS = 100;
const TASKS = ['t0', 't1', 't2', 't3'];
const METRICS = ['accuracy', 'f1', 'loss'];

function rng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function makeRun(i: number): RunRecord {
  const seeds = i % 5; // groups of 5 runs differing only in seed
  return {
    id: `run-${i}`, name: `run ${i}`, status: 'completed',
    config: {
      design: { version: 1, name: 'hps', nodes: [], edges: [] }, datasets: ['d'],
      optimizer: { name: 'adam', lr: 0.001 * (1 + Math.floor(i / 5)) }, schedule: { kind: 'constant' },
      epochs: EPOCHS, batchSize: 128, weighting: { name: Math.floor(i / 5) % 2 ? 'pcgrad' : 'ew', params: {} }, seed: seeds,
    },
    designName: 'hps', datasetIds: ['d'], weighting: 'ew', backend: 'wasm', device: 'cpu', seed: seeds, versions: {},
    baselineOf: null, baselineTask: null, tags: [], notes: '', error: null, createdAt: '', startedAt: null, finishedAt: null, summary: null, weightsEpoch: null,
  };
}

function makeRows(runId: string, seed: number): MetricRow[] {
  const r = rng(seed);
  const rows: MetricRow[] = [];
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (const split of ['train', 'validation'] as const) {
      for (const task of TASKS) {
        for (const metric of METRICS) {
          const base = metric === 'loss' ? 2 * Math.exp(-epoch / 30) : 1 - Math.exp(-epoch / 20) * 0.9;
          rows.push({ runId, epoch, step: (epoch + 1) * 100, split, task, metric, value: base + (r() - 0.5) * 0.05 });
        }
      }
    }
    for (const task of TASKS) {
      rows.push({ runId, epoch, step: (epoch + 1) * 100, split: 'diagnostics', task, metric: 'weight', value: r() });
      rows.push({ runId, epoch, step: (epoch + 1) * 100, split: 'train', task, metric: 'weighted_loss', value: r() });
    }
  }
  return rows;
}

const runs = Array.from({ length: RUNS }, (_, i) => makeRun(i));
const metrics: Record<string, MetricRow[]> = {};
runs.forEach((run, i) => (metrics[run.id] = makeRows(run.id, i + 1)));
const baselines: RunRecord[] = TASKS.map((t, i) => ({ ...makeRun(100 + i), id: `stl-${t}`, baselineTask: t }));
const baselineMetrics: Record<string, MetricRow[]> = {};
baselines.forEach((b, i) => (baselineMetrics[b.id] = makeRows(b.id, 1000 + i).filter((row) => row.task === b.baselineTask)));
const totalRows = Object.values(metrics).reduce((s, r) => s + r.length, 0);

/** Wall time, and this thread's CPU time (steadier on a shared machine: other processes do not count). */
function time<T>(fn: () => T): { ms: number; cpuMs: number; value: T } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { ms, cpuMs: (c.user + c.system) / 1000, value };
}

// Warm-up once (JIT), then the median of 7.
computeComparison({ runs, metrics, baselines, baselineMetrics });
const samples: number[] = [];
const cpuSamples: number[] = [];
let result = computeComparison({ runs, metrics, baselines, baselineMetrics });
for (let k = 0; k < 7; k++) {
  const t = time(() => computeComparison({ runs, metrics, baselines, baselineMetrics }));
  samples.push(t.ms);
  cpuSamples.push(t.cpuMs);
  result = t.value;
}
samples.sort((a, b) => a - b);
cpuSamples.sort((a, b) => a - b);
const compareMs = samples[3];

// What the Compare view does next: curves for every task's headline metric, aligned and smoothed; trade-off; CSV.
const curvesMs = time(() => {
  const perRun = runs.map((run) => curveIndex(curvesOfRows(metrics[run.id])));
  for (const task of TASKS) {
    const aligned = alignCurves(Object.fromEntries(runs.map((run, i) => [run.id, perRun[i].get(`validation\u001f${task}\u001faccuracy`)])));
    for (const v of Object.values(aligned.values)) emaSmooth(v, 0.6);
  }
}).ms;
const paretoMs = time(() => {
  const acc = (task: string) => result.rows.find((r) => r.task === task && r.metric === 'accuracy')!;
  paretoFront(runs.map((run) => ({ id: run.id, x: acc('t0').cells[run.id].value!, y: acc('t1').cells[run.id].value! })), true, true);
}).ms;
const csvMs = time(() => comparisonToCsv(result)).ms;

const figures = {
  runs: RUNS, epochs: EPOCHS, tasks: TASKS.length, metricsPerTask: METRICS.length, metricRows: totalRows,
  computeComparisonMs: +compareMs.toFixed(1),
  computeComparisonMinMs: +samples[0].toFixed(1),
  computeComparisonCpuMs: +cpuSamples[3].toFixed(1),
  curvesAlignSmoothMs: +curvesMs.toFixed(1),
  paretoMs: +paretoMs.toFixed(2),
  csvMs: +csvMs.toFixed(2),
  tableRows: result.rows.length,
  seedGroups: result.seedGroups?.length ?? 0,
};
if (process.argv.includes('--json')) console.log(JSON.stringify(figures));
else {
  console.log(`computeComparison: ${RUNS} runs × ${EPOCHS} epochs × ${TASKS.length} tasks × ${METRICS.length} metrics (${totalRows} metric rows)`);
  console.log(`  median ${figures.computeComparisonMs} ms wall (min ${figures.computeComparisonMinMs} ms), ${figures.computeComparisonCpuMs} ms CPU, over 7 runs after a warm-up`);
  console.log(`  curves (align + EMA, 4 charts × ${RUNS} runs): ${figures.curvesAlignSmoothMs} ms; Pareto: ${figures.paretoMs} ms; CSV: ${figures.csvMs} ms`);
  console.log(`  table rows ${figures.tableRows}, seed groups ${figures.seedGroups}`);
}
