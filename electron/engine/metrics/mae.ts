import type { EngineMetric } from './types.js';
import { residualSums } from './regression.js';

/** Mean absolute error over labelled rows. */
export const mae: EngineMetric = {
  name: 'mae',
  kinds: ['regression'],
  compute({ labels, predictions }) {
    const r = residualSums(labels, predictions);
    return r.n === 0 ? NaN : r.sumAbs / r.n;
  },
};
