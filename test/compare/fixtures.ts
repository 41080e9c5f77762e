// Small hand-made runs and metric rows for the compare tests.
import type { MetricRow, RunConfig, RunRecord, Split } from '../../shared/run.js';
import type { CompareResult } from '../../shared/compare/types.js';
import { computeComparison } from '../../shared/compare/compute.js';
import { curvesOfRows } from '../../shared/compare/curves.js';
import { baselineReference, selectionValueOf, summarizeRun } from '../../shared/results/summary.js';

export function config(over: Partial<RunConfig> = {}): RunConfig {
  return {
    design: {
      version: 1,
      name: 'hps',
      nodes: [
        { id: 'in', kind: 'Input', params: { dataset: 'd1', feature: 'x' }, position: { x: 0, y: 0 } },
        { id: 'shared', kind: 'Dense', params: { units: 64 }, position: { x: 100, y: 0 } },
        { id: 'h1', kind: 'TaskHead', params: { dataset: 'd1', task: 'left' }, position: { x: 200, y: 0 } },
      ],
      edges: [],
    },
    datasets: ['d1'],
    optimizer: { name: 'adam', lr: 0.001 },
    schedule: { kind: 'constant' },
    epochs: 3,
    batchSize: 32,
    weighting: { name: 'ew', params: {} },
    seed: 1,
    ...over,
  };
}

export function run(id: string, over: Partial<RunRecord> = {}, cfg: Partial<RunConfig> = {}): RunRecord {
  const c = config(cfg);
  return {
    id,
    name: id,
    status: 'completed',
    config: c,
    designName: 'hps',
    datasetIds: c.datasets,
    weighting: c.weighting.name,
    backend: 'cpu',
    device: 'cpu',
    seed: c.seed,
    versions: {},
    baselineOf: null,
    baselineTask: null,
    tags: [],
    notes: '',
    error: null,
    createdAt: '2025-01-01T00:00:00Z',
    startedAt: null,
    finishedAt: null,
    summary: null,
    weightsEpoch: null,
    ...over,
  };
}

/** rows(runId, split, task, metric, [v0, v1, ...]) -> one row per epoch 0.. */
export function rows(runId: string, split: Split | 'diagnostics', task: string, metric: string, values: number[]): MetricRow[] {
  return values.map((value, epoch) => ({ runId, epoch, step: (epoch + 1) * 10, split, task, metric, value }));
}

/**
 * The store's way, on rows in memory: each baseline summarised alone, each run with its own baselines'
 * validation values at their selected epochs as the reference (selection by Δm), then computeComparison.
 */
export function compareRows(inp: { runs: RunRecord[]; metrics: Record<string, MetricRow[]>; baselines: RunRecord[]; baselineMetrics: Record<string, MetricRow[]> }): CompareResult {
  const all = { ...inp.baselineMetrics, ...inp.metrics };
  const summarize = (r: RunRecord, own: RunRecord[] = []): RunRecord => ({
    ...r,
    summary: summarizeRun(curvesOfRows(all[r.id] ?? []), {
      selection: r.config.selection,
      earlyStopping: r.config.earlyStopping,
      ...(own.length > 0 ? { baseline: baselineReference(own.map((b) => ({ task: b.baselineTask, summary: b.summary })), selectionValueOf) } : {}),
    }),
  });
  const baselines = inp.baselines.map((b) => summarize(b));
  const runs = inp.runs.map((r) => summarize(r, baselines.filter((b) => b.baselineOf === r.id)));
  return computeComparison({ runs, baselines });
}
