// STCH, smooth Tchebycheff scalarisation: Lin et al., "Smooth Tchebycheff Scalarization for Multi-Objective
// Optimization", ICML 2024 — Eq. 7 (the smooth version of the Tchebycheff max_i λ_i(f_i − z_i)):
// g_μ = μ·log Σ_i exp(λ_i(f_i − z_i)/μ). As in the authors' multi-task code, f_i = log L_i, z_i = log of the
// nadir loss (task i's mean loss over the last warm-up epoch, during which Σ log L_i is minimised),
// λ_i = 1, and the objective is multiplied by K.
import type { StrategyDefinition } from './types.js';
import type { Scalar, Tensor1D } from '../train/tf.js';

export const stch: StrategyDefinition = {
  info: {
    name: 'stch',
    label: 'Smooth Tchebycheff (STCH)',
    citation: 'Lin et al., ICML 2024',
    description: 'Minimises a smooth maximum (log-sum-exp, temperature μ) of the log-losses relative to a reference point measured during warm-up.',
    needsTaskGradients: false,
    params: [
      { name: 'mu', type: 'number', default: 1, label: 'μ (smoothing)', min: 1e-3, max: 100 },
      { name: 'warmup', type: 'number', default: 1, label: 'Warm-up epochs', description: 'Epochs of Σ log L before the smooth maximum starts; the last one sets the reference point.', min: 0, max: 1000 },
    ],
  },
  create(params, { tf, tasks }) {
    const mu = params.mu as number;
    const warmup = Math.round(params.warmup as number);
    let epochsDone = 0;
    let nadir: number[] | null = warmup === 0 ? tasks.map(() => 1) : null;
    return {
      name: 'stch',
      needsTaskGradients: false,
      variables: [],
      onEpochEnd(meanLosses) {
        epochsDone++;
        if (epochsDone === warmup) nadir = meanLosses.map((l) => (Number.isFinite(l) && l > 0 ? l : 1));
      },
      combineLosses(losses, active) {
        const safe = tf.add(losses, 1e-20) as Tensor1D;
        if (!nadir) {
          return { total: tf.sum(tf.log(safe)) as Scalar, weights: tf.div(1, safe) as Tensor1D };
        }
        const z = tf.tensor1d(active.map((t) => nadir![t]));
        const scaled = tf.div(tf.log(tf.div(safe, z)), mu) as Tensor1D;
        const total = tf.mul(tf.logSumExp(scaled), mu * active.length) as Scalar;
        // ∂total/∂L_i = K·softmax(scaled)_i / L_i
        const weights = tf.div(tf.mul(tf.softmax(scaled), active.length), safe) as Tensor1D;
        return { total, weights };
      },
      state(): Record<string, number[]> {
        return nadir && warmup > 0 ? { nadir } : {};
      },
    };
  },
};
