// FairGrad: Ban & Ji, "Fair Resource Allocation in Multi-Task Learning", ICML 2024 — the α-fair allocation of
// Eq. 5 (max Σ u_i^(1−α)/(1−α) with u_i = g_iᵀd), whose solution d = Σ w_i g_i satisfies GᵀG w = w^(−1/α)
// (Eq. 7); α = 1 is Nash-MTL's proportional fairness, α → ∞ approaches max–min fairness.
import type { StrategyDefinition } from './types.js';
import { fairWeights } from './solvers.js';

export function fairgradCoefficients(gram: number[][], alpha: number): number[] {
  if (gram.length === 1) return [1];
  return fairWeights(gram, alpha);
}

export const fairgrad: StrategyDefinition = {
  info: {
    name: 'fairgrad',
    label: 'FairGrad',
    citation: 'Ban & Ji, ICML 2024',
    description: 'α-fair sharing of the update between tasks: weights w with GᵀGw = w^(−1/α); α = 1 is Nash-MTL, larger α favours the worst-off task.',
    needsTaskGradients: true,
    params: [{ name: 'alpha', type: 'number', default: 1, label: 'α (fairness)', min: 0.01, max: 100 }],
  },
  create(params) {
    const alpha = params.alpha as number;
    return {
      name: 'fairgrad',
      needsTaskGradients: true,
      combineGradients(gram) {
        return fairgradCoefficients(gram, alpha);
      },
    };
  },
};
