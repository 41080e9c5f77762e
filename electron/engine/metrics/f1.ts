import type { EngineMetric } from './types.js';

/**
 * Macro F1: the unweighted mean of per-class F1 over the classes that occur in the labels or the
 * predictions (as scikit-learn's f1_score(average='macro') does). A class with no true positives scores 0.
 */
export const f1: EngineMetric = {
  name: 'f1',
  kinds: ['binary', 'multiclass'],
  compute({ labels, predictions }) {
    const tp = new Map<number, number>();
    const fp = new Map<number, number>();
    const fn = new Map<number, number>();
    const seen = new Set<number>();
    const inc = (m: Map<number, number>, k: number) => m.set(k, (m.get(k) ?? 0) + 1);
    let n = 0;
    for (let i = 0; i < labels.length; i++) {
      if (Number.isNaN(labels[i])) continue;
      n++;
      const y = Math.round(labels[i]);
      const p = Math.round(predictions[i]);
      seen.add(y);
      seen.add(p);
      if (y === p) inc(tp, y);
      else {
        inc(fp, p);
        inc(fn, y);
      }
    }
    if (n === 0) return NaN;
    let sum = 0;
    for (const c of seen) {
      const t = tp.get(c) ?? 0;
      const denom = 2 * t + (fp.get(c) ?? 0) + (fn.get(c) ?? 0);
      sum += denom === 0 ? 0 : (2 * t) / denom;
    }
    return sum / seen.size;
  },
};
