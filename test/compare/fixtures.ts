// Small hand-made runs and metric rows for the compare tests.
import type { MetricRow, RunConfig, RunRecord, Split } from '../../shared/run.js';

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
    best: {},
    ...over,
  };
}

/** rows(runId, split, task, metric, [v0, v1, ...]) -> one row per epoch 0.. */
export function rows(runId: string, split: Split | 'diagnostics', task: string, metric: string, values: number[]): MetricRow[] {
  return values.map((value, epoch) => ({ runId, epoch, step: (epoch + 1) * 10, split, task, metric, value }));
}
