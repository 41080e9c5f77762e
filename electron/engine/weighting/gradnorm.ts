import type { StrategyDefinition } from './types.js';
import { softmax } from './linalg.js';
import { gradientTargetParam, type GradientTarget } from './target.js';

/**
 * One GradNorm update of the weight logits, in plain JS. Weights are w = K·softmax(θ) (positive, summing
 * to K). With n_i = ‖g_i‖, G_i = w_i n_i, the relative inverse training rate r_i = (L_i/L_i(0)) / mean_j(L_j/L_j(0))
 * and the target T_i = mean(G)·r_i^α held constant, the GradNorm loss Σ|G_i − T_i| is descended in θ.
 * Returns the gradient of that loss with respect to θ.
 */
export function gradnormLogitGradient(theta: number[], norms: number[], ratios: number[], alpha: number): number[] {
  const k = theta.length;
  const s = softmax(theta);
  const w = s.map((x) => x * k);
  const g = w.map((wi, i) => wi * norms[i]);
  const gMean = g.reduce((a, b) => a + b, 0) / k;
  const rMean = ratios.reduce((a, b) => a + b, 0) / k;
  const target = ratios.map((r) => gMean * Math.pow(r / rMean, alpha));
  const dw = g.map((gi, i) => Math.sign(gi - target[i]) * norms[i]);
  // ∂w_i/∂θ_j = K·s_i(δ_ij − s_j)
  return theta.map((_, j) => dw.reduce((acc, d, i) => acc + d * k * s[i] * ((i === j ? 1 : 0) - s[j]), 0));
}

/**
 * GradNorm (Chen et al., ICML 2018): learns task weights so that every task's weighted gradient norm
 * ‖w_i g_i‖ tracks the mean norm scaled by its relative inverse training rate to the power α: tasks that
 * train more slowly (their loss fell less since the start) get larger gradients. The weights follow a small
 * Adam on their logits at rate `lr`; the update is Σ w_i g_i with the weights before that step. L_i(0) is
 * each task's first observed loss.
 *
 * Representation shortcut: the paper measures the norms on the last shared layer's weights only, for speed;
 * here they are on all shared weights by default, or on the shared representation with
 * `gradients: 'representation'` (as cheap as the paper's choice).
 */
export const gradnorm: StrategyDefinition = {
  info: {
    name: 'gradnorm',
    label: 'GradNorm',
    citation: 'Chen et al., ICML 2018',
    description: 'Learns weights that equalise the tasks’ relative training rates through their gradient norms.',
    needsTaskGradients: true,
    params: [
      { name: 'alpha', type: 'number', default: 1.5, label: 'α (restoring force)', min: 0, max: 10 },
      { name: 'lr', type: 'number', default: 0.025, label: 'Weight learning rate', min: 0, max: 1 },
      gradientTargetParam('parameters'),
    ],
  },
  create(params, { tasks }) {
    const alpha = params.alpha as number;
    const lr = params.lr as number;
    const k = tasks.length;
    const theta = new Array<number>(k).fill(0);
    const m = new Array<number>(k).fill(0);
    const v = new Array<number>(k).fill(0);
    const initial = new Array<number>(k).fill(NaN);
    let t = 0;
    const weightsOf = (active: number[]) => softmax(active.map((i) => theta[i])).map((x) => x * active.length);
    return {
      name: 'gradnorm',
      needsTaskGradients: true,
      gradientTarget: params.gradients as GradientTarget,
      combineGradients(gram, losses, active) {
        active.forEach((task, i) => {
          if (Number.isNaN(initial[task]) && losses[i] > 0) initial[task] = losses[i];
        });
        const w = weightsOf(active);
        if (active.length < 2) return w;
        const norms = gram.map((row, i) => Math.sqrt(Math.max(row[i], 0)));
        const ratios = active.map((task, i) => (initial[task] > 0 ? losses[i] / initial[task] : 1));
        const grad = gradnormLogitGradient(active.map((i) => theta[i]), norms, ratios, alpha);
        t++;
        const b1 = 0.9;
        const b2 = 0.999;
        active.forEach((task, i) => {
          m[task] = b1 * m[task] + (1 - b1) * grad[i];
          v[task] = b2 * v[task] + (1 - b2) * grad[i] * grad[i];
          const mh = m[task] / (1 - Math.pow(b1, t));
          const vh = v[task] / (1 - Math.pow(b2, t));
          theta[task] -= (lr * mh) / (Math.sqrt(vh) + 1e-8);
        });
        return w;
      },
    };
  },
};
