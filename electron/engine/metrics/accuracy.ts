import type { EngineMetric } from './types.js';

/** Share of labelled rows whose predicted class equals the label. */
export const accuracy: EngineMetric = {
  name: 'accuracy',
  kinds: ['binary', 'multiclass'],
  compute({ labels, predictions }) {
    let n = 0;
    let right = 0;
    for (let i = 0; i < labels.length; i++) {
      const y = labels[i];
      if (Number.isNaN(y)) continue;
      n++;
      if (Math.round(y) === Math.round(predictions[i])) right++;
    }
    return n === 0 ? NaN : right / n;
  },
};
