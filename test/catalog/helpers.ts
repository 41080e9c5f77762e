// Test helpers: small DatasetInfo fixtures and a one-call shape inference.
import type { DatasetInfo, FeatureSpec, TaskSpec } from '../../shared/dataset.js';
import { getKind } from '../../shared/catalog/registry.js';
import type { Shape } from '../../shared/problems.js';

export function dataset(id: string, features: FeatureSpec[], tasks: TaskSpec[]): DatasetInfo {
  return {
    id,
    name: id,
    spec: { source: 'test', options: {}, seed: 1 },
    features,
    tasks,
    rows: 100,
    splits: { train: 80, validation: 10, test: 10 },
    stats: [],
    balance: [],
    checksum: '',
    createdAt: '2024-01-01T00:00:00Z',
  };
}

const TEN = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** Like MultiFashion: one 28×28×1 image, two 10-class tasks. */
export const multiImage = dataset('mf', [{ name: 'image', kind: 'image', shape: [28, 28, 1] }], [
  { name: 'left', kind: 'multiclass', classes: TEN },
  { name: 'right', kind: 'multiclass', classes: TEN },
]);

export const mnist = dataset('mnist', [{ name: 'image', kind: 'image', shape: [28, 28, 1] }], [
  { name: 'digit', kind: 'multiclass', classes: TEN },
]);
export const fashion = dataset('fashion', [{ name: 'image', kind: 'image', shape: [28, 28, 1] }], [
  { name: 'clothing', kind: 'multiclass', classes: TEN },
]);

/** Tabular: a numeric vector, a category, a binary and a regression task. */
export const tabular = dataset(
  'tab',
  [
    { name: 'x', kind: 'vector', size: 12, columns: Array.from({ length: 12 }, (_, i) => `c${i}`) },
    { name: 'city', kind: 'categorical', categories: ['a', 'b', 'c'] },
  ],
  [
    { name: 'clicked', kind: 'binary', classes: ['no', 'yes'] },
    { name: 'price', kind: 'regression' },
  ],
);

export const vectorOnly = dataset(
  'synth',
  [{ name: 'x', kind: 'vector', size: 100, columns: Array.from({ length: 100 }, (_, i) => `x${i}`) }],
  [
    { name: 'y1', kind: 'regression' },
    { name: 'y2', kind: 'regression' },
  ],
);

export const textSet = dataset('reviews', [{ name: 'text', kind: 'text', vocabSize: 1000, maxLength: 40 }], [
  { name: 'sentiment', kind: 'binary', classes: ['neg', 'pos'] },
]);

export interface Inferred {
  outputs?: Record<string, Shape>;
  error?: string;
  params: number;
  macs: number;
}

/** Infers one node of `kind` on the given input shapes (one list per port). */
export function infer(
  kind: string,
  params: Record<string, unknown>,
  inputs: Shape[][],
  datasets: DatasetInfo[] = [],
  inputFeatures?: FeatureSpec[][][],
): Inferred {
  const k = getKind(kind);
  if (!k) throw new Error(`no kind ${kind}`);
  const ctx = { datasets, node: { id: 'n', kind, params, position: { x: 0, y: 0 } }, inputFeatures };
  const r = k.inferShapes(inputs, params, ctx);
  if ('error' in r) return { error: r.error, params: 0, macs: 0 };
  return { outputs: r.outputs, params: k.countParams(inputs, params, ctx), macs: k.countMacs(inputs, params, ctx) };
}
