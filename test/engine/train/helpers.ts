// Tiny in-memory datasets with a real signal, designs on them, and a runner that collects events.
import * as tf from '@tensorflow/tfjs';
import type { DatasetInfo, TaskSpec } from '../../../shared/dataset.js';
import type { Design, DesignEdge, DesignNode } from '../../../shared/design.js';
import type { MetricRow, RunConfig } from '../../../shared/run.js';
import type { LoadedDataset, TrainEvent } from '../../../electron/engine/types.js';
import { buildModel } from '../../../electron/engine/model/index.js';
import { train, type TrainResult } from '../../../electron/engine/train/index.js';
import { createRandom } from '../../../electron/engine/train/random.js';

export { tf };

let backendReady: Promise<void> | null = null;
/** The pure-JS cpu backend: deterministic, always present. */
export function useCpu(): Promise<void> {
  backendReady ??= tf.setBackend('cpu').then(() => tf.ready());
  return backendReady;
}

export interface TinyOptions {
  id?: string;
  rows?: number;
  features?: number;
  seed?: number;
  /** Share of labels set missing (NaN) for each task. */
  missing?: Record<string, number>;
  /** Which tasks: 'left' (3 classes), 'right' (binary), 'value' (regression). */
  tasks?: ('left' | 'right' | 'value')[];
  /** Split shares (validation, test); the rest trains. */
  validation?: number;
  test?: number;
}

/**
 * A vector dataset: x ~ U(−1, 1)^f; 'left' = argmax of three fixed projections of x (3 classes), 'right' =
 * sign of another projection (binary), 'value' = a linear function of x plus a little noise (regression).
 */
export function tinyDataset(o: TinyOptions = {}): LoadedDataset {
  const id = o.id ?? 'tiny';
  const rows = o.rows ?? 300;
  const f = o.features ?? 8;
  const tasks = o.tasks ?? ['left', 'right'];
  const r = createRandom(o.seed ?? 7);
  const proj = (n: number) => Array.from({ length: n }, () => Array.from({ length: f }, () => r() * 2 - 1));
  const wLeft = proj(3);
  const [wRight] = proj(1);
  const [wValue] = proj(1);
  const x = new Float32Array(rows * f);
  for (let i = 0; i < x.length; i++) x[i] = r() * 2 - 1;
  const dotRow = (w: number[], i: number) => w.reduce((s, wj, j) => s + wj * x[i * f + j], 0);
  const labels: Record<string, Float32Array> = {};
  const specs: TaskSpec[] = [];
  if (tasks.includes('left')) {
    labels.left = new Float32Array(rows).map((_, i) => {
      const s = wLeft.map((w) => dotRow(w, i));
      return s.indexOf(Math.max(...s));
    });
    specs.push({ name: 'left', kind: 'multiclass', classes: ['a', 'b', 'c'] });
  }
  if (tasks.includes('right')) {
    labels.right = new Float32Array(rows).map((_, i) => (dotRow(wRight, i) > 0 ? 1 : 0));
    specs.push({ name: 'right', kind: 'binary', classes: ['no', 'yes'] });
  }
  if (tasks.includes('value')) {
    labels.value = new Float32Array(rows).map((_, i) => dotRow(wValue, i) + (r() - 0.5) * 0.1);
    specs.push({ name: 'value', kind: 'regression' });
  }
  for (const [task, share] of Object.entries(o.missing ?? {})) {
    const y = labels[task];
    for (let i = 0; i < rows; i++) if (r() < share) y[i] = NaN;
  }
  const nVal = Math.round(rows * (o.validation ?? 0.15));
  const nTest = Math.round(rows * (o.test ?? 0.15));
  const order = Array.from({ length: rows }, (_, i) => i);
  const info: DatasetInfo = {
    id,
    name: id,
    spec: { source: 'test', options: {}, seed: o.seed ?? 7 },
    features: [{ name: 'x', kind: 'vector', size: f, columns: Array.from({ length: f }, (_, j) => `x${j}`) }],
    tasks: specs,
    rows,
    splits: { train: rows - nVal - nTest, validation: nVal, test: nTest },
    stats: [],
    balance: [],
    checksum: id,
    createdAt: '2026-01-01T00:00:00Z',
  };
  return {
    info,
    features: { x },
    labels,
    splits: {
      train: Int32Array.from(order.slice(0, rows - nVal - nTest)),
      validation: Int32Array.from(order.slice(rows - nVal - nTest, rows - nTest)),
      test: Int32Array.from(order.slice(rows - nTest)),
    },
  };
}

/** Input → Dense trunk → one TaskHead per (dataset, task); several datasets share the trunk. */
export function trunkDesign(heads: { dataset: string; task: string; lossWeight?: number }[], units = 16): Design {
  const nodes: DesignNode[] = [];
  const edges: DesignEdge[] = [];
  const node = (id: string, kind: string, params: Record<string, unknown>) => nodes.push({ id, kind, params, position: { x: 0, y: 0 } });
  const edge = (source: string, target: string) => edges.push({ id: `e${edges.length}`, source, sourcePort: 'out', target, targetPort: 'in' });
  node('in', 'Input', { dataset: '', feature: 'x' });
  node('trunk', 'Dense', { units, activation: 'relu' });
  edge('in', 'trunk');
  heads.forEach((h, i) => {
    node(`head${i}`, 'TaskHead', { dataset: h.dataset, task: h.task, hidden: [], activation: 'relu', lossWeight: h.lossWeight ?? 1 });
    edge('trunk', `head${i}`);
  });
  return { version: 1, name: 'trunk', nodes, edges };
}

export function config(over: Partial<RunConfig> = {}): RunConfig {
  return {
    design: trunkDesign([{ dataset: 'tiny', task: 'left' }, { dataset: 'tiny', task: 'right' }]),
    datasets: ['tiny'],
    optimizer: { name: 'adam', lr: 0.01 },
    schedule: { kind: 'constant' },
    epochs: 3,
    batchSize: 32,
    weighting: { name: 'ew', params: {} },
    seed: 1,
    ...over,
  };
}

export interface Run {
  result: TrainResult;
  events: TrainEvent[];
  rows: MetricRow[];
  /** Last epoch's value of split/task/metric. */
  last(split: string, task: string, metric: string): number | undefined;
  curve(split: string, task: string, metric: string): number[];
}

export async function runTraining(cfg: RunConfig, datasets: LoadedDataset[], extra: { signal?: AbortSignal; onEvent?: (e: TrainEvent) => void } = {}): Promise<Run> {
  await useCpu();
  const model = buildModel(tf, cfg.design, datasets.map((d) => d.info), { seed: cfg.seed });
  const events: TrainEvent[] = [];
  try {
    const result = await train({
      tf,
      model,
      datasets,
      config: cfg,
      runId: 'run-1',
      signal: extra.signal,
      onEvent: (e) => {
        events.push(e);
        extra.onEvent?.(e);
      },
    });
    const rows = events.flatMap((e) => (e.type === 'metrics' ? e.rows : []));
    const curve = (split: string, task: string, metric: string) => rows.filter((r) => r.split === split && r.task === task && r.metric === metric).map((r) => r.value);
    return { result, events, rows, curve, last: (s, t, m) => curve(s, t, m).at(-1) };
  } finally {
    model.dispose();
  }
}
