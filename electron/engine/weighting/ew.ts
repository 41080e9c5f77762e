import type { StrategyDefinition } from './types.js';

/** Equal weighting: the objective is the plain sum of the task losses. */
export const ew: StrategyDefinition = {
  info: {
    name: 'ew',
    label: 'Equal weighting (EW)',
    citation: '—',
    description: 'Sums the task losses with weight 1 each. The baseline every other strategy is compared with.',
    needsTaskGradients: false,
    params: [],
  },
  create(_params, { tf }) {
    return {
      name: 'ew',
      needsTaskGradients: false,
      variables: [],
      combineLosses(losses) {
        return { total: tf.sum(losses), weights: tf.onesLike(losses) };
      },
    };
  },
};
