// Statistics over the training split only: feature mean/std, category counts, task balance.
import type { FeatureStats, TaskBalance, TaskSpec } from '../../shared/dataset.js';

export function meanStd(values: ArrayLike<number>, rows: Int32Array, stride = 1, offset = 0): { mean: number; std: number; count: number } {
  let n = 0, mean = 0, m2 = 0;
  for (let k = 0; k < rows.length; k++) {
    const v = values[rows[k] * stride + offset];
    if (v !== v) continue; // NaN
    n++;
    const d = v - mean;
    mean += d / n;
    m2 += d * (v - mean);
  }
  return { mean: n ? mean : 0, std: n > 1 ? Math.sqrt(m2 / (n - 1)) : 0, count: n };
}

/** Mean and std of all pixels of the training rows, on the [0, 1] scale. */
export function imageStats(name: string, data: Uint8Array | Float32Array, rowSize: number, train: Int32Array): FeatureStats {
  const scale = data instanceof Uint8Array ? 1 / 255 : 1;
  let sum = 0, sq = 0, n = 0;
  for (let k = 0; k < train.length; k++) {
    const base = train[k] * rowSize;
    let s = 0, q = 0;
    for (let j = 0; j < rowSize; j++) {
      const v = data[base + j] * scale;
      s += v; q += v * v;
    }
    sum += s; sq += q; n += rowSize;
  }
  const mean = n ? sum / n : 0;
  const variance = n > 1 ? Math.max(0, (sq - n * mean * mean) / (n - 1)) : 0;
  return { feature: name, mean, std: Math.sqrt(variance) };
}

/** Mean and std over every value of a vector feature (training rows). */
export function vectorStats(name: string, data: Float32Array, size: number, train: Int32Array): FeatureStats {
  let sum = 0, sq = 0, n = 0;
  for (let k = 0; k < train.length; k++) {
    const base = train[k] * size;
    for (let j = 0; j < size; j++) {
      const v = data[base + j];
      if (v !== v) continue;
      sum += v; sq += v * v; n++;
    }
  }
  const mean = n ? sum / n : 0;
  const variance = n > 1 ? Math.max(0, (sq - n * mean * mean) / (n - 1)) : 0;
  return { feature: name, mean, std: Math.sqrt(variance) };
}

/** Counts per category over training rows; index categories.length (or < 0) = missing. */
export function categoryCounts(codes: Int32Array, categories: string[], train: Int32Array): Record<string, number> {
  const c = new Float64Array(categories.length + 1);
  for (let k = 0; k < train.length; k++) {
    const v = codes[train[k]];
    c[v >= 0 && v < categories.length ? v : categories.length]++;
  }
  const out: Record<string, number> = {};
  categories.forEach((name, i) => { out[name] = c[i]; });
  if (c[categories.length] > 0) out['(missing)'] = c[categories.length];
  return out;
}

export function taskBalance(tasks: TaskSpec[], labels: Float32Array[], train: Int32Array): TaskBalance[] {
  return tasks.map((task, t) => {
    const y = labels[t];
    let missing = 0;
    for (let k = 0; k < train.length; k++) if (Number.isNaN(y[train[k]])) missing++;
    if (task.kind === 'regression') {
      const { mean, std } = meanStd(y, train);
      return { task: task.name, mean, std, missing };
    }
    const classes = task.classes ?? [];
    const c = new Float64Array(classes.length);
    for (let k = 0; k < train.length; k++) {
      const v = y[train[k]];
      if (v === v && v >= 0 && v < classes.length) c[v]++;
    }
    const counts: Record<string, number> = {};
    classes.forEach((name, i) => { counts[name] = c[i]; });
    return { task: task.name, counts, missing };
  });
}
