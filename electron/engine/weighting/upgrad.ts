// UPGrad: Quinton & Layne, "Jacobian Descent for Multi-Objective Optimization", 2024 — the unconflicting
// projection of gradients (the projection π_J of their Eq. 3): each g_i is projected onto the dual cone of the
// rows of the Jacobian, {x : Gx ≥ 0}, and the projections are averaged. By their Proposition 1 the
// projection of Gᵀu is Gᵀv with v = argmin_{v ≥ u} vᵀ(GGᵀ)v, so it runs on the Gram matrix.
import type { StrategyDefinition } from './types.js';
import { boxQp } from './solvers.js';

/** The Gram matrix normalised by its trace, plus ε·I (keeps the QP strictly convex), as the reference code does. */
export function regularisedGram(gram: number[][], normEps: number, regEps: number): number[][] {
  const trace = gram.reduce((s, row, i) => s + row[i], 0);
  const scale = trace < normEps ? 0 : 1 / trace;
  return gram.map((row, i) => row.map((x, j) => x * scale + (i === j ? regEps : 0)));
}

/** Σ_i v⁽ⁱ⁾ with v⁽ⁱ⁾ = argmin_{v ≥ e_i/K} vᵀMv: the mean of the K projected gradients, as coefficients. */
export function upgradCoefficients(gram: number[][], normEps = 1e-4, regEps = 1e-4): number[] {
  const k = gram.length;
  const m = regularisedGram(gram, normEps, regEps);
  const alpha = new Array<number>(k).fill(0);
  for (let i = 0; i < k; i++) {
    const v = boxQp(m, gram.map((_, j) => (j === i ? 1 / k : 0)));
    for (let j = 0; j < k; j++) alpha[j] += v[j];
  }
  return alpha;
}

export const upgrad: StrategyDefinition = {
  info: {
    name: 'upgrad',
    label: 'UPGrad',
    citation: 'Quinton & Layne, 2024 (Jacobian descent)',
    description: 'Projects every task gradient onto the cone of directions that conflict with no task, then averages the projections.',
    needsTaskGradients: true,
    params: [],
  },
  create() {
    return {
      name: 'upgrad',
      needsTaskGradients: true,
      combineGradients(gram) {
        return upgradCoefficients(gram);
      },
    };
  },
};
