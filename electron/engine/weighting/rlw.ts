import type { StrategyDefinition } from './types.js';
import { normal, softmax } from './linalg.js';

/**
 * Random loss weighting (Lin et al., TMLR 2022): every step draws z ~ N(0, I) and weights the losses by
 * softmax(z), so the weights lie on the simplex and average 1/K. The draws come from the run's seed.
 */
export const rlw: StrategyDefinition = {
  info: {
    name: 'rlw',
    label: 'Random loss weighting (RLW)',
    citation: 'Lin et al., TMLR 2022',
    description: 'Draws fresh random weights every step (softmax of a standard normal draw).',
    needsTaskGradients: false,
    params: [],
  },
  create(_params, { tf, random }) {
    return {
      name: 'rlw',
      needsTaskGradients: false,
      variables: [],
      combineLosses(losses, active) {
        const w = tf.tensor1d(softmax(active.map(() => normal(random))));
        return { total: tf.sum(tf.mul(losses, w)), weights: w };
      },
    };
  },
};
