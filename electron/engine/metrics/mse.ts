import type { EngineMetric } from './types.js';
import { residualSums } from './regression.js';

/** Mean squared error over labelled rows. */
export const mse: EngineMetric = {
  name: 'mse',
  kinds: ['regression'],
  compute({ labels, predictions }) {
    const r = residualSums(labels, predictions);
    return r.n === 0 ? NaN : r.sumSq / r.n;
  },
};
