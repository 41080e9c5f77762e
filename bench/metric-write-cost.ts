// Benchmark (a script, not a test): what a run's metric writes cost, as a fraction of its training time.
// Trains a real short run through the workbench (MultiLeNet, hard sharing, on MultiMNIST; wasm; batch 256)
// and times every store write its events cause: each epoch's metric rows (one transaction, fsync'd:
// synchronous=FULL) and, when it ends, folding its rows into the curve cache. The writes happen on the main
// thread while the worker trains, so on a machine with a core to spare they overlap it; the fraction printed
// is as if they did not (an upper bound). Also: the same writes replayed alone, many times, for a steadier
// per-event figure.
// Run: node --import tsx bench/metric-write-cost.ts [--json] [--epochs N] [--steps N] [--batch N] [--backend wasm|cpu|…]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createWorkbench } from '../electron/services/workbench.js';
import type { MetricRow, RunConfig } from '../shared/run.js';

const argv = process.argv.slice(2);
const arg = (name: string, dflt: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);
const EPOCHS = Number(arg('--epochs', '3'));
const STEPS = Number(arg('--steps', '12'));
const BATCH = Number(arg('--batch', '256'));
const BACKEND = arg('--backend', 'wasm') as NonNullable<RunConfig['backend']>;

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mtlw-write-cost-'));
const wb = createWorkbench({ home, transport: 'in-process' });

// Every store write a run's events cause, timed where it happens.
const writes = { events: 0, rows: 0, insertMs: [] as number[], cacheMs: 0 };
const events: MetricRow[][] = [];
const metrics = wb.store.metrics;
const insert = metrics.insert.bind(metrics);
metrics.insert = (rows: MetricRow[]) => {
  const t0 = performance.now();
  insert(rows);
  writes.insertMs.push(performance.now() - t0);
  writes.events += 1;
  writes.rows += rows.length;
  events.push(rows);
};
const cacheCurves = metrics.cacheCurves.bind(metrics);
metrics.cacheCurves = (runId: string) => {
  const t0 = performance.now();
  cacheCurves(runId);
  writes.cacheMs += performance.now() - t0;
};

let result: Record<string, unknown>;
try {
  const ds = await wb.api.createBuiltinDataset({ source: 'multi-mnist', options: { limit: 4000 }, seed: 1 });
  const design = await wb.api.buildTemplate({ template: 'hps', datasetIds: [ds.id] });
  const times: { started?: number; ended?: number; epochs: number[] } = { epochs: [] };
  wb.events.on('runStatus', (s) => {
    if (s.status === 'running') times.started ??= performance.now();
    else if (s.status !== 'queued') times.ended = performance.now();
  });
  wb.events.on('runMetrics', () => times.epochs.push(performance.now()));
  const config: RunConfig = {
    design, datasets: [ds.id], optimizer: { name: 'adam', lr: 0.001 }, schedule: { kind: 'constant' },
    epochs: EPOCHS, batchSize: BATCH, maxStepsPerEpoch: STEPS, weighting: { name: 'ew', params: {} }, seed: 1, backend: BACKEND,
  };
  const { runIds: [id] } = await wb.api.startRun(config);
  while (times.ended === undefined) await new Promise((r) => setTimeout(r, 50));
  const run = await wb.api.getRun(id);
  if (run.status !== 'completed') throw new Error(`the run ended ${run.status}: ${run.error ?? ''}`);

  const runMs = times.ended - times.started!;
  const writeMs = writes.insertMs.reduce((a, b) => a + b, 0) + writes.cacheMs;
  const epochMs = times.epochs.length > 1 ? (times.epochs[times.epochs.length - 1] - times.epochs[0]) / (times.epochs.length - 1) : runMs / EPOCHS;

  // The same events written again to a fresh run, 30 times over: the per-event cost without training beside it.
  const replayMs: number[] = [];
  for (let k = 0; k < 30; k++) {
    const rid = `replay-${k}`;
    wb.store.runs.insert({ id: rid, name: rid, config, designName: 'replay' });
    for (const rows of events) {
      const t0 = performance.now();
      insert(rows.map((r) => ({ ...r, runId: rid })));
      replayMs.push(performance.now() - t0);
    }
  }
  replayMs.sort((a, b) => a - b);
  const perEventMs = replayMs[Math.floor(replayMs.length / 2)];

  result = {
    model: 'MultiLeNet (hps template) on MultiMNIST', backend: run.backend, batch: BATCH, epochs: EPOCHS, stepsPerEpoch: STEPS,
    runMs: Math.round(runMs), epochMs: Math.round(epochMs),
    metricEvents: writes.events, metricRows: writes.rows, rowsPerEvent: Math.round(writes.rows / Math.max(1, writes.events)),
    writeMs: +writeMs.toFixed(2), insertMs: +writes.insertMs.reduce((a, b) => a + b, 0).toFixed(2), curveCacheMs: +writes.cacheMs.toFixed(2),
    writeFractionPct: +((writeMs / runMs) * 100).toFixed(4),
    replayPerEventMedianMs: +perEventMs.toFixed(3),
    perEpochFractionPct: +((perEventMs / epochMs) * 100).toFixed(4),
  };
} finally {
  await wb.close();
  fs.rmSync(home, { recursive: true, force: true });
}

if (argv.includes('--json')) console.log(JSON.stringify(result));
else {
  const r = result as Record<string, number | string>;
  console.log(`Metric writes vs training: ${r.model}, ${r.backend}, batch ${r.batch}, ${r.epochs} epochs × ${r.stepsPerEpoch} steps`);
  console.log(`  run ${r.runMs} ms (an epoch ${r.epochMs} ms); ${r.metricEvents} metric events, ${r.metricRows} rows (${r.rowsPerEvent} per event)`);
  console.log(`  store writes ${r.writeMs} ms (rows ${r.insertMs} ms + curve cache at the end ${r.curveCacheMs} ms) = ${r.writeFractionPct}% of the run`);
  console.log(`  replayed alone: ${r.replayPerEventMedianMs} ms per event (median of ${30 * Number(r.metricEvents)}) = ${r.perEpochFractionPct}% of an epoch`);
}
