import type { StrategyDefinition } from './types.js';

/** Fixed weights chosen by the user: objective Σ w_k L_k. */
export const staticWeights: StrategyDefinition = {
  info: {
    name: 'static',
    label: 'Static weights',
    citation: '—',
    description: 'Multiplies each task loss by a fixed weight you choose (one per task, in head order).',
    needsTaskGradients: false,
    params: [
      { name: 'weights', type: 'numbers', default: [], label: 'Weights', description: 'One weight per task in head order; empty means 1 for every task.' },
    ],
  },
  create(params, { tf, tasks }) {
    const given = params.weights as number[];
    if (given.length !== 0 && given.length !== tasks.length) {
      throw new Error(`Weighting 'static' needs one weight per task (${tasks.length}: ${tasks.join(', ')}), got ${given.length}`);
    }
    if (given.some((w) => w < 0)) throw new Error(`Weighting 'static': weights must not be negative, got ${given.join(', ')}`);
    const weights = given.length === 0 ? tasks.map(() => 1) : given;
    return {
      name: 'static',
      needsTaskGradients: false,
      variables: [],
      combineLosses(losses, active) {
        const w = tf.tensor1d(active.map((k) => weights[k]));
        return { total: tf.sum(tf.mul(losses, w)), weights: w };
      },
    };
  },
};
