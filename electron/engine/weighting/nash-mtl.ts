// Nash-MTL: Navon et al., "Multi-Task Learning as a Bargaining Game", ICML 2022 — the bargaining solution of
// Eq. 1 (max Σ log(g_iᵀd) within the unit ball), characterised in Claim 3.1 as d = Σ α_i g_i with
// GᵀG α = 1/α (element-wise), solved here exactly on the Gram matrix (Newton, not the paper's sequence of
// convex approximations, Sec. 3.2).
import type { StrategyDefinition } from './types.js';
import { quad } from './linalg.js';
import { fairWeights } from './solvers.js';

/**
 * α with (M/‖M‖_F) α = 1/α, as LibMTL and the authors' code normalise the Gram matrix by its Frobenius norm
 * before solving (the update is then ‖M‖_F^(1/2) times the solution on the raw Gram matrix). With
 * `maxNorm` > 0 the combined shared update is scaled down to that norm (their gradient clipping).
 */
export function nashCoefficients(gram: number[][], maxNorm: number, start?: number[]): number[] {
  const k = gram.length;
  if (k === 1) return [1];
  const fro = Math.sqrt(gram.flat().reduce((s, x) => s + x * x, 0));
  if (!(fro > 0)) return gram.map(() => 1);
  const alpha = fairWeights(gram.map((row) => row.map((x) => x / fro)), 1, { start });
  if (maxNorm > 0) {
    const n = Math.sqrt(Math.max(quad(gram, alpha), 0));
    if (n > maxNorm) return alpha.map((a) => (a * maxNorm) / n);
  }
  return alpha;
}

export const nashMtl: StrategyDefinition = {
  info: {
    name: 'nash-mtl',
    label: 'Nash-MTL',
    citation: 'Navon et al., ICML 2022',
    description: 'The Nash bargaining solution between tasks: weights α with GᵀGα = 1/α, so every task’s share of the update is proportional-fair.',
    needsTaskGradients: true,
    params: [
      { name: 'updateEvery', type: 'number', default: 1, label: 'Solve every N steps', min: 1, max: 1000 },
      { name: 'maxNorm', type: 'number', default: 1, label: 'Max update norm (0: off)', min: 0 },
    ],
  },
  create(params) {
    const every = Math.round(params.updateEvery as number);
    const maxNorm = params.maxNorm as number;
    let step = 0;
    let last: { active: string; alpha: number[] } | null = null;
    return {
      name: 'nash-mtl',
      needsTaskGradients: true,
      combineGradients(gram, _losses, active) {
        const key = active.join(',');
        if (last && last.active === key && step++ % every !== 0) return last.alpha;
        if (!last || last.active !== key) step = 1;
        last = { active: key, alpha: nashCoefficients(gram, maxNorm) };
        return last.alpha;
      },
    };
  },
};
