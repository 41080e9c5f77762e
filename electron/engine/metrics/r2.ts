import type { EngineMetric } from './types.js';
import { residualSums } from './regression.js';

/**
 * Coefficient of determination 1 − SS_res / SS_tot over labelled rows. Where the labels are constant
 * (SS_tot = 0) it is 1 for a perfect fit and 0 otherwise, as scikit-learn reports it.
 */
export const r2: EngineMetric = {
  name: 'r2',
  kinds: ['regression'],
  compute({ labels, predictions }) {
    const r = residualSums(labels, predictions);
    if (r.n === 0) return NaN;
    if (r.totalSq === 0) return r.sumSq === 0 ? 1 : 0;
    return 1 - r.sumSq / r.totalSq;
  },
};
