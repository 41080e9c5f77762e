// Random compositions of the layer catalog for the generated-designs test: small datasets (images,
// vectors, categories, text, two datasets at once), random layer chains fitted to the shape that flows
// (read back from the validator after each node), residual Adds and parallel Concatenates, merges of
// several features, the MTL blocks and towers, one head per task. Some choices are deliberately wild
// (any catalog kind, any params) so that the validator has designs to refuse as well.
import type fc from 'fast-check';
import type { DatasetInfo, FeatureSpec, TaskSpec } from '../../shared/dataset.js';
import type { Design, DesignEdge, DesignNode } from '../../shared/design.js';
import { CATALOG } from '../../shared/catalog/registry.js';
import { validateDesign } from '../../shared/validate.js';
import type { Shape } from '../../shared/problems.js';

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

const classes = (n: number) => Array.from({ length: n }, (_, i) => `c${i}`);

/** Two image datasets with alike inputs (they can share an Input bound to ''), one with other images. */
export const IMG_A = dataset('imgA', [{ name: 'image', kind: 'image', shape: [8, 8, 1] }], [
  { name: 'a1', kind: 'multiclass', classes: classes(3) },
  { name: 'a2', kind: 'binary', classes: ['no', 'yes'] },
]);
export const IMG_B = dataset('imgB', [{ name: 'image', kind: 'image', shape: [8, 8, 1] }], [{ name: 'b1', kind: 'regression' }]);
export const IMG_C = dataset('imgC', [{ name: 'pic', kind: 'image', shape: [10, 6, 2] }], [{ name: 'c1', kind: 'multiclass', classes: classes(5) }]);
/** Tabular: a numeric vector and a category. */
export const TAB = dataset(
  'tab',
  [
    { name: 'x', kind: 'vector', size: 6, columns: classes(6) },
    { name: 'city', kind: 'categorical', categories: ['a', 'b', 'c', 'd'] },
  ],
  [
    { name: 't1', kind: 'binary', classes: ['no', 'yes'] },
    { name: 't2', kind: 'regression' },
  ],
);
export const TXT = dataset('txt', [{ name: 'text', kind: 'text', vocabSize: 30, maxLength: 7 }], [{ name: 's1', kind: 'multiclass', classes: classes(4) }]);

/** Which datasets a design draws on, and whether alike inputs share one Input bound to ''. */
const SCENARIOS: { datasets: DatasetInfo[]; shared?: boolean }[] = [
  { datasets: [IMG_A] },
  { datasets: [IMG_C] },
  { datasets: [TAB] },
  { datasets: [TXT] },
  { datasets: [IMG_A, IMG_B], shared: true },
  { datasets: [IMG_A, TXT] },
  { datasets: [TAB, TXT] },
  { datasets: [IMG_C, TAB] },
  { datasets: [IMG_A, IMG_C, TXT] },
];

const ACTIVATIONS = ['linear', 'relu', 'sigmoid', 'tanh', 'softmax', 'gelu', 'elu', 'leakyRelu'];

export interface Generated {
  design: Design;
  datasets: DatasetInfo[];
  /** Which scenario and whether a wild choice was made (for the tally). */
  scenario: string;
  wild: number;
}

type Ref = { id: string; port: string };

class Gen {
  nodes: DesignNode[] = [];
  edges: DesignEdge[] = [];
  wild = 0;
  private n = 0;
  constructor(
    private g: fc.GeneratorValue,
    private fc: typeof import('fast-check').default,
    public datasets: DatasetInfo[],
  ) {}

  int(min: number, max: number): number {
    return this.g(this.fc.integer, { min, max });
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(0, xs.length - 1)];
  }
  chance(percent: number): boolean {
    return this.int(0, 99) < percent;
  }

  add(kind: string, params: Record<string, unknown> = {}): string {
    const id = `${kind.toLowerCase()}_${++this.n}`;
    this.nodes.push({ id, kind, params, position: { x: 0, y: 0 } });
    return id;
  }
  connect(from: Ref, to: string, port = 'in'): void {
    this.edges.push({ id: `e${this.edges.length + 1}`, source: from.id, sourcePort: from.port, target: to, targetPort: port });
  }
  chain(from: Ref, kind: string, params: Record<string, unknown> = {}): Ref {
    const id = this.add(kind, params);
    this.connect(from, id);
    return { id, port: 'out' };
  }

  /** The shape on `ref` as the validator infers it for the design so far (null where it refuses it). */
  shape(ref: Ref): Shape | null {
    const v = validateDesign({ version: 1, name: 'partial', nodes: this.nodes, edges: this.edges }, this.datasets);
    return v.nodes[ref.id]?.outputShapes[ref.port] ?? null;
  }

  /** Random params for any kind (within the schema's ranges, small). */
  wildParams(kind: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const p of CATALOG[kind].params) {
      if (p.type === 'int') out[p.name] = this.int(Math.max(p.min ?? 0, 0), Math.min(p.max ?? 6, 6));
      if (!this.chance(50)) continue;
      switch (p.type) {
        case 'int':
          break; // below: always set, small (a default LSTM of 64 units makes a slow orthogonal init)
        case 'float':
          out[p.name] = this.pick([0, 0.1, 0.5, 0.9].filter((x) => x >= (p.min ?? 0) && x <= (p.max ?? 1)));
          break;
        case 'bool':
          out[p.name] = this.chance(50);
          break;
        case 'enum':
          if (!p.multiple) out[p.name] = this.pick(p.options ?? []);
          break;
        case 'ints':
          out[p.name] = this.pick([[-1], [2, -1], [4], [1, -1, 2]]);
          break;
        default:
          break;
      }
    }
    return out;
  }

  /** One layer that suits `shape` (or, now and then, any layer of the catalog with random params). */
  layer(from: Ref, shape: Shape, isIds: boolean): Ref {
    if (this.chance(3)) {
      this.wild++;
      const kinds = Object.keys(CATALOG).filter((k) => !['Input', 'TaskHead', 'CrossStitch'].includes(k));
      const kind = this.pick(kinds);
      return this.chain(from, kind, this.wildParams(kind));
    }
    const act = () => this.pick(ACTIVATIONS);
    const rank = shape.length;
    if (isIds) return this.chain(from, 'Embedding', { inputDim: 0, outputDim: this.int(1, 6) });
    if (rank === 3) {
      const [h, w, c] = shape as number[];
      const options = ['Conv2D', 'Conv2D', 'MaxPool2D', 'AvgPool2D', 'BatchNormalization', 'LayerNormalization', 'Activation', 'Dropout', 'Reshape'];
      switch (this.pick(options)) {
        case 'Conv2D':
          return this.chain(from, 'Conv2D', {
            filters: this.int(1, 5),
            kernelSize: this.int(1, Math.max(1, Math.min(3, h, w))),
            strides: this.int(1, 2),
            padding: this.pick(['valid', 'same']),
            activation: act(),
            useBias: this.chance(80),
          });
        case 'MaxPool2D':
        case 'AvgPool2D':
          return this.chain(from, this.pick(['MaxPool2D', 'AvgPool2D']), { poolSize: this.int(1, 2), strides: this.int(0, 2), padding: this.pick(['valid', 'same']) });
        case 'BatchNormalization':
          return this.chain(from, 'BatchNormalization', { momentum: this.pick([0.9, 0.99]), epsilon: 0.001 });
        case 'LayerNormalization':
          return this.chain(from, 'LayerNormalization', {});
        case 'Activation':
          return this.chain(from, 'Activation', { activation: act() });
        case 'Dropout':
          return this.chain(from, 'Dropout', { rate: this.pick([0, 0.2, 0.5]) });
        default:
          return this.chain(from, 'Reshape', { targetShape: this.pick([[h * w, c], [-1, c], [h, w * c], [-1]]) });
      }
    }
    if (rank === 2) {
      const [t] = shape as number[];
      const options = ['Conv1D', 'LSTM', 'GRU', 'LayerNormalization', 'BatchNormalization', 'Activation', 'Dropout', 'Reshape'];
      switch (this.pick(options)) {
        case 'Conv1D':
          return this.chain(from, 'Conv1D', {
            filters: this.int(1, 5),
            kernelSize: this.int(1, Math.max(1, Math.min(3, t))),
            strides: this.int(1, 2),
            padding: this.pick(['valid', 'same']),
            activation: act(),
          });
        case 'LSTM':
        case 'GRU':
          return this.chain(from, this.pick(['LSTM', 'GRU']), { units: this.int(1, 4), returnSequences: this.chance(50) });
        case 'LayerNormalization':
          return this.chain(from, 'LayerNormalization', {});
        case 'BatchNormalization':
          return this.chain(from, 'BatchNormalization', {});
        case 'Activation':
          return this.chain(from, 'Activation', { activation: act() });
        case 'Dropout':
          return this.chain(from, 'Dropout', { rate: 0.3 });
        default:
          return this.chain(from, 'Reshape', { targetShape: this.pick([[-1], [t, -1, 1]]) });
      }
    }
    // flat
    const [n] = shape as number[];
    switch (this.pick(['Dense', 'Dense', 'Dropout', 'Activation', 'BatchNormalization', 'LayerNormalization', 'Reshape'])) {
      case 'Dense':
        return this.chain(from, 'Dense', { units: this.int(1, 8), activation: act(), useBias: this.chance(80) });
      case 'Dropout':
        return this.chain(from, 'Dropout', { rate: 0.5 });
      case 'Activation':
        return this.chain(from, 'Activation', { activation: act() });
      case 'BatchNormalization':
        return this.chain(from, 'BatchNormalization', {});
      case 'LayerNormalization':
        return this.chain(from, 'LayerNormalization', {});
      default:
        return this.chain(from, 'Reshape', { targetShape: n % 2 === 0 && this.chance(50) ? [2, -1] : [n, 1] });
    }
  }

  /** To a flat shape: Flatten or a global pooling that fits. */
  flatten(from: Ref, shape: Shape): Ref {
    if (shape.length === 1) return from;
    if (shape.length === 3) return this.chain(from, this.pick(['Flatten', 'GlobalAveragePooling2D']));
    if (shape.length === 2) return this.chain(from, this.pick(['Flatten', 'GlobalAveragePooling1D', 'GlobalMaxPooling1D', 'LSTM']), { units: this.int(1, 4) });
    return this.chain(from, 'Flatten');
  }

  /**
   * A random chain from `from`, sometimes with a residual Add or a parallel Concatenate; ends flat. Where the
   * validator refuses what the chain has become, the chain stops there (the design goes on, to be refused).
   */
  branch(from: Ref, isIds: boolean, length: number): Ref {
    let x = from;
    let ids = isIds;
    for (let i = 0; i < length; i++) {
      const s = this.shape(x);
      if (!s) return x;
      if (!ids && this.chance(12)) {
        // residual: x + f(x), f keeping the shape (a Dense to the same width on a flat input, or BN/LN/Activation)
        const f =
          s.length === 1 && this.chance(60)
            ? this.chain(x, 'Dense', { units: s[0] as number, activation: this.pick(ACTIVATIONS) })
            : this.chain(x, this.pick(['BatchNormalization', 'LayerNormalization', 'Activation']), {});
        const add = this.add('Add');
        this.connect(x, add);
        this.connect(f, add);
        x = { id: add, port: 'out' };
        continue;
      }
      if (!ids && this.chance(10)) {
        // two parallel layers joined on the last axis
        const filters = this.int(1, 4);
        const a =
          s.length === 3
            ? this.chain(x, 'Conv2D', { filters, kernelSize: this.int(1, 3), padding: 'same', activation: 'relu' })
            : s.length === 2
              ? this.chain(x, 'Conv1D', { filters, kernelSize: this.int(1, 3), padding: 'same', activation: 'relu' })
              : this.chain(x, 'Dense', { units: filters, activation: 'relu' });
        const b = this.chain(x, 'Activation', { activation: this.pick(ACTIVATIONS) });
        const cat = this.add('Concatenate', { axis: -1 });
        this.connect(a, cat);
        this.connect(b, cat);
        x = { id: cat, port: 'out' };
        continue;
      }
      x = this.layer(x, s, ids);
      ids = false;
    }
    if (ids) x = this.chain(x, 'Embedding', { inputDim: 0, outputDim: this.int(1, 4) });
    const s = this.shape(x);
    return s && this.chance(97) ? this.flatten(x, s) : x;
  }

  /** Every feature of a group of datasets (bound to `bind`) encoded and joined into one flat ref. */
  encoder(features: FeatureSpec[], bind: string): Ref {
    const ends: Ref[] = [];
    for (const f of features) {
      const input = this.add('Input', { dataset: bind, feature: f.name });
      ends.push(this.branch({ id: input, port: 'out' }, f.kind === 'text' || f.kind === 'categorical', this.int(0, 4)));
    }
    if (ends.length === 1) return ends[0];
    if (this.chance(70)) {
      const cat = this.add('Concatenate', { axis: -1 });
      for (const e of ends) this.connect(e, cat);
      return { id: cat, port: 'out' };
    }
    // Add after projecting each to the same width
    const units = this.int(2, 6);
    const add = this.add('Add');
    for (const e of ends) this.connect(this.chain(e, 'Dense', { units, activation: 'relu' }), add);
    return { id: add, port: 'out' };
  }

  head(from: Ref, d: DatasetInfo, t: TaskSpec): void {
    const id = this.add('TaskHead', {
      dataset: d.id,
      task: t.name,
      hidden: this.chance(50) ? [] : [this.int(1, 5)],
      activation: this.pick(ACTIVATIONS),
      dropout: this.pick([0, 0, 0.3]),
      lossWeight: 1,
      loss: 'auto',
    });
    this.connect(from, id);
  }
}

/** One random design over one of the scenarios, complete with heads (valid or not: the validator decides). */
export function generate(g: fc.GeneratorValue, fcLib: typeof import('fast-check').default): Generated {
  const s = new Gen(g, fcLib, []);
  const scenario = s.pick(SCENARIOS);
  s.datasets = scenario.datasets;
  const name = scenario.datasets.map((d) => d.id).join('+') + (scenario.shared ? ' (shared input)' : '');

  // Encoders: one for all datasets when they share inputs, else one per dataset meeting in a shared Dense.
  let trunk: Ref;
  if (scenario.shared || scenario.datasets.length === 1) {
    trunk = s.encoder(scenario.datasets[0].features, scenario.shared ? '' : scenario.datasets[0].id);
  } else {
    const units = s.int(2, 8);
    const shared = s.add('Dense', { units, activation: s.pick(ACTIVATIONS) });
    trunk = { id: shared, port: 'out' };
    for (const d of scenario.datasets) {
      const end = s.encoder(d.features, d.id);
      // each branch ends in the same width, so the shared layer's weights serve every route
      s.connect(s.chain(end, 'Dense', { units: s.chance(95) ? units : s.int(2, 6), activation: 'relu' }), shared);
    }
  }
  for (let i = s.int(0, 2); i > 0; i--) {
    const sh = s.shape(trunk);
    if (!sh) break;
    trunk = s.layer(trunk, sh, false);
  }

  const tasks = scenario.datasets.flatMap((d) => d.tasks.map((t) => ({ d, t })));
  const k = tasks.length;
  const mtl = s.pick(['hps', 'hps', 'MMoE', 'CGC', 'PLE', 'CrossStitch']);
  const tower = (from: Ref): Ref => (s.chance(40) ? s.chain(from, 'Dense', { units: s.int(1, 6), activation: 'relu' }) : from);
  if (mtl === 'hps' || (mtl === 'CrossStitch' && k > 3)) {
    for (const { d, t } of tasks) s.head(tower(trunk), d, t);
  } else if (mtl === 'CrossStitch') {
    const cs = s.add('CrossStitch', { numTasks: k });
    const units = s.int(2, 6);
    for (let i = 0; i < k; i++) s.connect(s.chain(trunk, 'Dense', { units, activation: 'relu' }), cs, `in${i}`);
    tasks.forEach(({ d, t }, i) => s.head(tower({ id: cs, port: `task${i}` }), d, t));
  } else {
    const params: Record<string, unknown> = { numTasks: k, expertUnits: s.int(1, 6), expertActivation: s.pick(ACTIVATIONS) };
    if (mtl === 'MMoE') params.numExperts = s.int(1, 4);
    else {
      params.sharedExperts = s.int(0, 2);
      params.taskExperts = s.int(params.sharedExperts === 0 ? 1 : 0, 2);
      if (mtl === 'PLE') params.levels = s.int(1, 3);
    }
    const block = s.chain(trunk, mtl, params);
    tasks.forEach(({ d, t }, i) => s.head(tower({ id: block.id, port: `task${i}` }), d, t));
  }
  return { design: { version: 1, name, nodes: s.nodes, edges: s.edges }, datasets: scenario.datasets, scenario: name, wild: s.wild };
}
