// Datasets moved onto the backend once (features, cleaned labels, label masks), batches taken with
// tf.gather from index lists drawn in JS with the run's seeded shuffle.
import type { FeatureSpec } from '../../../shared/dataset.js';
import { featureDtype, featureShape } from '../../../shared/shapes.js';
import type { LoadedDataset } from '../types.js';
import type { BuiltModel, HeadBinding, Route } from '../model/types.js';
import type { Tensor, Tf } from './tf.js';
import { shuffleInPlace, type Random } from './random.js';

export interface DeviceDataset {
  id: string;
  source: LoadedDataset;
  route: Route;
  heads: HeadBinding[];
  /** Feature name → [rows, ...shape] on the backend. */
  features: Record<string, Tensor>;
  /** Head key → labels with NaN replaced by 0 ([rows], float32). */
  labels: Record<string, Tensor>;
  /** Head key → 1 where the row has a label, else 0 ([rows], float32). */
  masks: Record<string, Tensor>;
  trainRows: Int32Array;
}

export function uploadDatasets(tf: Tf, model: BuiltModel, datasets: LoadedDataset[]): DeviceDataset[] {
  return model.routes.map((route) => {
    const ds = datasets.find((d) => d.info.id === route.dataset);
    if (!ds) throw new Error(`The design uses dataset '${route.dataset}', which was not loaded (loaded: ${datasets.map((d) => d.info.id).join(', ') || 'none'})`);
    const rows = ds.info.rows;
    const features: Record<string, Tensor> = {};
    for (const name of route.features) {
      const spec = ds.info.features.find((f) => f.name === name);
      const values = ds.features[name];
      if (!spec || !values) throw new Error(`Dataset '${ds.info.name}' has no feature '${name}' (it has ${ds.info.features.map((f) => f.name).join(', ')})`);
      features[name] = toTensor(tf, spec, values, rows);
    }
    const heads = route.heads.map((key) => {
      const h = model.heads.find((x) => x.key === key);
      if (!h) throw new Error(`Route for dataset '${route.dataset}' names head '${key}', which the model does not have`);
      return h;
    });
    const labels: Record<string, Tensor> = {};
    const masks: Record<string, Tensor> = {};
    for (const h of heads) {
      const y = ds.labels[h.task];
      if (!y) throw new Error(`Dataset '${ds.info.name}' has no labels for task '${h.task}'`);
      const clean = new Float32Array(y.length);
      const mask = new Float32Array(y.length);
      for (let i = 0; i < y.length; i++) {
        if (Number.isNaN(y[i])) continue;
        clean[i] = y[i];
        mask[i] = 1;
      }
      labels[h.key] = tf.tensor1d(clean, 'float32');
      masks[h.key] = tf.tensor1d(mask, 'float32');
    }
    return { id: route.dataset, source: ds, route, heads, features, labels, masks, trainRows: ds.splits.train };
  });
}

function toTensor(tf: Tf, spec: FeatureSpec, values: Float32Array | Int32Array, rows: number): Tensor {
  const shape = featureShape(spec).map((d) => d ?? 1) as number[];
  const per = shape.reduce((a, b) => a * b, 1);
  if (values.length !== rows * per) {
    throw new Error(`Feature '${spec.name}' holds ${values.length} values; ${rows} rows × ${per} expected`);
  }
  const dtype = featureDtype(spec);
  const data = dtype === 'int32' && !(values instanceof Int32Array) ? Int32Array.from(values) : values;
  return tf.tensor(data, [rows, ...shape], dtype);
}

export function disposeDatasets(data: DeviceDataset[]): void {
  for (const d of data) {
    for (const t of Object.values(d.features)) t.dispose();
    for (const t of Object.values(d.labels)) t.dispose();
    for (const t of Object.values(d.masks)) t.dispose();
  }
}

/** One dataset's training rows in a seeded order, reshuffled each time they run out. */
export class RowCursor {
  private order: Int32Array;
  private pos = 0;
  constructor(private readonly rows: Int32Array, private readonly random: Random) {
    this.order = shuffleInPlace(Int32Array.from(rows), random);
  }
  get size(): number {
    return this.rows.length;
  }
  /** The next `n` row indices (fewer at the end of a pass when `partial`, then the next pass starts). */
  next(n: number, partial = false): Int32Array {
    if (this.pos >= this.order.length) this.reshuffle();
    if (partial || n <= this.order.length - this.pos) {
      const end = Math.min(this.pos + n, this.order.length);
      const out = this.order.slice(this.pos, end);
      this.pos = end;
      return out;
    }
    // wrap around: finish this pass, continue with a fresh one
    const out = new Int32Array(n);
    let filled = 0;
    while (filled < n) {
      if (this.pos >= this.order.length) this.reshuffle();
      const take = Math.min(n - filled, this.order.length - this.pos);
      out.set(this.order.subarray(this.pos, this.pos + take), filled);
      this.pos += take;
      filled += take;
    }
    return out;
  }
  private reshuffle() {
    shuffleInPlace(this.order, this.random);
    this.pos = 0;
  }
}

/** A batch of one dataset: the row indices and the gathered tensors (inside the step's tidy). */
export function gatherBatch(tf: Tf, d: DeviceDataset, rows: Int32Array) {
  const idx = tf.tensor1d(rows, 'int32');
  const inputs: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(d.features)) inputs[name] = tf.gather(t, idx);
  const labels: Record<string, Tensor> = {};
  const masks: Record<string, Tensor> = {};
  for (const h of d.heads) {
    labels[h.key] = tf.gather(d.labels[h.key], idx);
    masks[h.key] = tf.gather(d.masks[h.key], idx);
  }
  return { inputs, labels, masks };
}
