// DualProj: Quinton & Layne, "Jacobian Descent for Multi-Objective Optimization", 2024 — the baseline
// aggregator of their Sec. 3 that projects the mean gradient (not each gradient, as UPGrad) onto the dual
// cone {x : Gx ≥ 0}: α = argmin_{v ≥ 1/K} vᵀ(GGᵀ)v (Proposition 1), so no task's loss rises to first order.
import type { StrategyDefinition } from './types.js';
import { boxQp } from './solvers.js';
import { regularisedGram } from './upgrad.js';

export function dualprojCoefficients(gram: number[][], normEps = 1e-4, regEps = 1e-4): number[] {
  const k = gram.length;
  return boxQp(regularisedGram(gram, normEps, regEps), gram.map(() => 1 / k));
}

export const dualproj: StrategyDefinition = {
  info: {
    name: 'dualproj',
    label: 'DualProj',
    citation: 'Quinton & Layne, 2024 (Jacobian descent)',
    description: 'Projects the mean gradient onto the cone of directions that conflict with no task.',
    needsTaskGradients: true,
    params: [],
  },
  create() {
    return {
      name: 'dualproj',
      needsTaskGradients: true,
      combineGradients(gram) {
        return dualprojCoefficients(gram);
      },
    };
  },
};
