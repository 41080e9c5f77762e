// Small DatasetInfo fixtures and designs for the model-builder tests (no data: the builder needs only specs).
import type { DatasetInfo, FeatureSpec, TaskSpec } from '../../../shared/dataset.js';
import type { Design, DesignEdge, DesignNode } from '../../../shared/design.js';
import { mulberry32 } from '../../../shared/random.js';

export function dataset(id: string, features: FeatureSpec[], tasks: TaskSpec[]): DatasetInfo {
  return {
    id,
    name: id,
    spec: { source: 'test', options: {}, seed: 1 },
    features,
    tasks,
    rows: 8,
    splits: { train: 6, validation: 1, test: 1 },
    stats: [],
    balance: [],
    checksum: '0',
    createdAt: '2026-01-01T00:00:00Z',
  };
}

export const multiclass = (name: string, n = 3): TaskSpec => ({ name, kind: 'multiclass', classes: Array.from({ length: n }, (_, i) => `c${i}`) });
export const binary = (name: string): TaskSpec => ({ name, kind: 'binary', classes: ['no', 'yes'] });
export const regression = (name: string): TaskSpec => ({ name, kind: 'regression' });

/** A tiny design builder: nodes by id, edges from 'id' or 'id:port' to 'id' or 'id:port'. */
export class D {
  nodes: DesignNode[] = [];
  edges: DesignEdge[] = [];
  node(id: string, kind: string, params: Record<string, unknown> = {}): this {
    this.nodes.push({ id, kind, params, position: { x: 0, y: 0 } });
    return this;
  }
  edge(from: string, to: string): this {
    const [source, sourcePort = 'out'] = from.split(':');
    const [target, targetPort = 'in'] = to.split(':');
    this.edges.push({ id: `e${this.edges.length}`, source, sourcePort, target, targetPort });
    return this;
  }
  /** node + edge from `from`. */
  chain(from: string, id: string, kind: string, params: Record<string, unknown> = {}): this {
    return this.node(id, kind, params).edge(from, id);
  }
  design(name = 'test'): Design {
    return { version: 1, name, nodes: this.nodes, edges: this.edges };
  }
}

/** A small deterministic PRNG (mulberry32) for test data that is the same on every backend. */
export const rng = mulberry32;

export interface RawFeature {
  shape: number[];
  dtype: 'float32' | 'int32';
  values: number[];
}

/** Raw values for every feature of a dataset: `rows` rows, floats in [-1, 1), ids within each feature's range. */
export function rawBatch(ds: DatasetInfo, rows: number, seed: number): Record<string, RawFeature> {
  const r = rng(seed);
  const out: Record<string, RawFeature> = {};
  for (const f of ds.features) {
    if (f.kind === 'image') out[f.name] = { shape: [rows, ...f.shape], dtype: 'float32', values: [] };
    else if (f.kind === 'vector') out[f.name] = { shape: [rows, f.size], dtype: 'float32', values: [] };
    else if (f.kind === 'text') out[f.name] = { shape: [rows, f.maxLength], dtype: 'int32', values: [] };
    else out[f.name] = { shape: [rows, 1], dtype: 'int32', values: [] };
    const n = out[f.name].shape.reduce((a, b) => a * b, 1);
    const hi = f.kind === 'text' ? f.vocabSize : f.kind === 'categorical' ? f.categories.length + 1 : 0;
    for (let i = 0; i < n; i++) out[f.name].values.push(hi ? Math.floor(r() * hi) : r() * 2 - 1);
  }
  return out;
}

type TfLike = typeof import('@tensorflow/tfjs');

/** The raw batch as tensors on the current backend. */
export function tensors(tf: TfLike, raw: Record<string, RawFeature>): Record<string, import('@tensorflow/tfjs').Tensor> {
  return Object.fromEntries(Object.entries(raw).map(([k, f]) => [k, tf.tensor(f.values, f.shape, f.dtype)]));
}
