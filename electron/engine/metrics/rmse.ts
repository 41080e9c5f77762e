import type { EngineMetric } from './types.js';
import { residualSums } from './regression.js';

/** Root mean squared error over labelled rows. */
export const rmse: EngineMetric = {
  name: 'rmse',
  kinds: ['regression'],
  compute({ labels, predictions }) {
    const r = residualSums(labels, predictions);
    return r.n === 0 ? NaN : Math.sqrt(r.sumSq / r.n);
  },
};
