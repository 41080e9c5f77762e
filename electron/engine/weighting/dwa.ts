import type { StrategyDefinition } from './types.js';
import { softmax } from './linalg.js';

/**
 * Dynamic weight average (Liu, Johns & Davison, CVPR 2019). From the third epoch on, w_k = K·softmax(r_k / T)
 * with r_k = L_k(t−1) / L_k(t−2) the ratio of the task's last two epoch-mean losses: a task whose loss falls
 * slowly gets more weight. The first two epochs use weight 1.
 */
export const dwa: StrategyDefinition = {
  info: {
    name: 'dwa',
    label: 'Dynamic weight average (DWA)',
    citation: 'Liu, Johns & Davison, CVPR 2019',
    description: 'Weights tasks by how slowly their loss fell over the last two epochs (softmax with temperature T).',
    needsTaskGradients: false,
    params: [{ name: 'T', type: 'number', default: 2, label: 'Temperature', min: 1e-3 }],
  },
  create(params, { tf, tasks }) {
    const temperature = params.T as number;
    const history: number[][] = [];
    let weights = tasks.map(() => 1);
    return {
      name: 'dwa',
      needsTaskGradients: false,
      variables: [],
      onEpochEnd(meanLosses) {
        history.push(meanLosses);
        if (history.length < 2) return;
        const last = history[history.length - 1];
        const prev = history[history.length - 2];
        const r = tasks.map((_, k) => {
          const ratio = last[k] / prev[k];
          return Number.isFinite(ratio) ? ratio : 1;
        });
        weights = softmax(r.map((x) => x / temperature)).map((x) => x * tasks.length);
      },
      combineLosses(losses, active) {
        const w = tf.tensor1d(active.map((k) => weights[k]));
        return { total: tf.sum(tf.mul(losses, w)), weights: w };
      },
    };
  },
};
