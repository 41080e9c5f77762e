// GLS, geometric loss strategy: Chennupati et al., "MultiNet++: Multi-Stream Feature Aggregation and Geometric
// Loss Strategy for Multi-Task Learning", CVPR Workshops 2019 — Sec. 3.2: the objective is the geometric mean
// of the task losses, (Π_i L_i)^(1/K), so each task's gradient is weighted by GLS/(K·L_i) (scale-free).
import type { StrategyDefinition } from './types.js';
import type { Tensor1D } from '../train/tf.js';

export const gls: StrategyDefinition = {
  info: {
    name: 'gls',
    label: 'Geometric loss (GLS)',
    citation: 'Chennupati et al., CVPR-W 2019',
    description: 'Minimises the geometric mean of the task losses, which is invariant to each loss’s scale.',
    needsTaskGradients: false,
    params: [],
  },
  create(_params, { tf }) {
    return {
      name: 'gls',
      needsTaskGradients: false,
      variables: [],
      combineLosses(losses, active) {
        const logs = tf.log(tf.add(losses, 1e-20));
        const total = tf.exp(tf.mean(logs));
        // ∂total/∂L_i = total / (K·L_i): the weight each task's gradient gets
        const weights = tf.div(total, tf.mul(tf.add(losses, 1e-20), active.length)) as Tensor1D;
        return { total: total as import('../train/tf.js').Scalar, weights };
      },
    };
  },
};
