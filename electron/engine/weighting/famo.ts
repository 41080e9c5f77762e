// FAMO: Liu et al., "FAMO: Fast Adaptive Multitask Optimization", NeurIPS 2023 — Sec. 3: the update is
// d = Σ_i c·z_i/L_i · ∇L_i with z = softmax(ξ) and c = (Σ_i z_i/L_i)⁻¹ (the gradient of Σ z_i log L_i,
// rescaled), and after each step the logits follow δ = ∇_ξ z(ξ)ᵀ(log L_t − log L_{t+1}) with an Adam step on
// ξ with decay γ (their Algorithm 1). O(1) in the number of tasks: one backward per step.
// Difference from the reference code: L_{t+1} is the next step's loss (on the next batch, so ξ moves one step
// later) rather than a second forward pass on the same batch: one forward per step.
import type { StrategyDefinition } from './types.js';
import type { Scalar, Tensor, Tensor1D, Tf } from '../train/tf.js';
import { softmax } from './linalg.js';

/** ∂/∂ξ of zᵀδ with z = softmax(ξ): z_j(δ_j − zᵀδ). */
export function softmaxVjp(xi: number[], delta: number[]): number[] {
  const z = softmax(xi);
  const zd = z.reduce((s, zi, i) => s + zi * delta[i], 0);
  return z.map((zj, j) => zj * (delta[j] - zd));
}

function stopGradient(tf: Tf, x: Tensor): Tensor {
  return tf.customGrad(((v: Tensor) => ({ value: v.clone(), gradFunc: (dy: Tensor) => tf.zerosLike(dy) })) as any)(x);
}

export const famo: StrategyDefinition = {
  info: {
    name: 'famo',
    label: 'FAMO',
    citation: 'Liu et al., NeurIPS 2023',
    description: 'Learns task weights from how much each loss fell in the last step, so that losses fall at balanced rates; one backward per step.',
    needsTaskGradients: false,
    params: [
      { name: 'lr', type: 'number', default: 0.025, label: 'Weight learning rate', min: 0, max: 1 },
      { name: 'gamma', type: 'number', default: 0.001, label: 'γ (weight decay of the logits)', min: 0, max: 1 },
    ],
  },
  create(params, { tf, tasks }) {
    const lr = params.lr as number;
    const gamma = params.gamma as number;
    const k = tasks.length;
    const xi = new Array<number>(k).fill(0);
    const m = new Array<number>(k).fill(0);
    const v = new Array<number>(k).fill(0);
    let t = 0;
    let prev: { losses: number[]; active: number[] } | null = null;
    return {
      name: 'famo',
      needsTaskGradients: false,
      variables: [],
      combineLosses(losses, active) {
        const z = tf.tensor1d(softmax(active.map((i) => xi[i])));
        const d = tf.add(losses, 1e-8);
        const c = stopGradient(tf, tf.sum(tf.div(z, d)));
        const total = tf.div(tf.sum(tf.mul(tf.log(d), z)), c) as Scalar;
        const weights = tf.div(z, tf.mul(d, c)) as Tensor1D; // the factor on each ∇L_i
        return { total, weights };
      },
      onStepEnd(losses, active) {
        if (prev && prev.active.join() === active.join()) {
          const delta = active.map((_, i) => Math.log(prev!.losses[i] + 1e-8) - Math.log(losses[i] + 1e-8));
          const grad = softmaxVjp(active.map((i) => xi[i]), delta);
          t++;
          active.forEach((task, i) => {
            const g = grad[i] + gamma * xi[task]; // Adam with L2 decay, as torch.optim.Adam(weight_decay=γ)
            m[task] = 0.9 * m[task] + 0.1 * g;
            v[task] = 0.999 * v[task] + 0.001 * g * g;
            xi[task] -= (lr * (m[task] / (1 - Math.pow(0.9, t)))) / (Math.sqrt(v[task] / (1 - Math.pow(0.999, t))) + 1e-8);
          });
        }
        prev = { losses: [...losses], active: [...active] };
      },
      state() {
        return { logit: [...xi] };
      },
    };
  },
};
