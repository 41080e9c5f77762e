import type { StrategyDefinition } from './types.js';

/**
 * Uncertainty weighting (Kendall, Gal & Cipolla, CVPR 2018). Each task k has a learnable log-variance
 * s_k = log σ_k² and the objective is Σ_k exp(−s_k)·L_k + s_k: twice Kendall's ½·exp(−s)·L + ½·s, so the
 * weights start at 1 like EW's; the minimiser in s_k is the same, s_k* = log L_k, so a task with a large
 * irreducible loss is weighted down. The s_k are trained by the run's optimizer with the model.
 */
let created = 0;

export const uw: StrategyDefinition = {
  info: {
    name: 'uw',
    label: 'Uncertainty weighting (UW)',
    citation: 'Kendall, Gal & Cipolla, CVPR 2018',
    description: 'Learns one log-variance per task; noisier tasks get smaller weights exp(−s).',
    needsTaskGradients: false,
    params: [{ name: 'init', type: 'number', default: 0, label: 'Initial log-variance', min: -10, max: 10 }],
  },
  create(params, { tf, tasks }) {
    const logVars = tf.variable(tf.fill([tasks.length], params.init as number), true, `uw_log_variance_${++created}`);
    return {
      name: 'uw',
      needsTaskGradients: false,
      variables: [logVars],
      combineLosses(losses, active) {
        const s = tf.gather(logVars, tf.tensor1d(active, 'int32')) as import('../train/tf.js').Tensor1D;
        const w = tf.exp(tf.neg(s)) as import('../train/tf.js').Tensor1D;
        return { total: tf.sum(tf.add(tf.mul(w, losses), s)), weights: w };
      },
      state() {
        return { log_variance: Array.from(logVars.dataSync()) };
      },
      dispose() {
        logVars.dispose();
      },
    };
  },
};
