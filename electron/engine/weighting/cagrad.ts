import type { StrategyDefinition } from './types.js';
import { matVec, dot, projectToSimplex, quad } from './linalg.js';

/**
 * CAGrad's inner problem on the Gram matrix: w = argmin_{w ∈ simplex} g_wᵀ g_0 + c‖g_0‖·‖g_w‖, with
 * g_0 the mean gradient and g_w = Σ w_i g_i. Returns the coefficients of d = g_0 + (c‖g_0‖/‖g_w‖)·g_w,
 * the direction that maximises the worst task's improvement min_i g_iᵀd within the ball ‖d − g_0‖ ≤ c‖g_0‖.
 * Solved by projected gradient descent with backtracking (the problem is convex; K is small).
 */
export function cagradCoefficients(gram: number[][], c: number, iters = 500): number[] {
  const k = gram.length;
  const mean = new Array<number>(k).fill(1 / k);
  if (c === 0) return mean;
  const g0Sq = quad(gram, mean);
  if (!(g0Sq > 0)) return mean;
  const radius = c * Math.sqrt(g0Sq);
  const mMean = matVec(gram, mean); // M·(1/K) → ∇ of g_wᵀg_0 in w
  const objective = (w: number[]) => dot(w, mMean) + radius * Math.sqrt(Math.max(quad(gram, w), 1e-30));
  let w = [...mean];
  let fw = objective(w);
  let step = 1 / Math.max(...gram.map((row, i) => row[i]), 1e-30);
  for (let it = 0; it < iters; it++) {
    const mw = matVec(gram, w);
    const gwNorm = Math.sqrt(Math.max(dot(w, mw), 1e-30));
    const grad = mMean.map((x, i) => x + (radius * mw[i]) / gwNorm);
    let improved = false;
    for (let tries = 0; tries < 40; tries++) {
      const next = projectToSimplex(w.map((x, i) => x - step * grad[i]));
      const fNext = objective(next);
      if (fNext <= fw - 1e-15 * Math.abs(fw)) {
        const moved = next.reduce((s, x, i) => s + Math.abs(x - w[i]), 0);
        w = next;
        fw = fNext;
        step *= 1.5;
        improved = moved > 1e-12;
        break;
      }
      step /= 2;
    }
    if (!improved) break;
  }
  const gwNorm = Math.sqrt(Math.max(quad(gram, w), 1e-30));
  const lambda = radius / gwNorm;
  return mean.map((m, i) => m + lambda * w[i]);
}

/**
 * CAGrad, conflict-averse gradient descent (Liu et al., NeurIPS 2021): moves along the direction in a ball
 * around the mean gradient that most improves the worst task. c = 0 is the mean gradient; larger c leans
 * further toward the worst-off task. `rescale` divides the update by 1 + c² (1), 1 + c (2) or nothing (0).
 * Defined on the shared parameters.
 */
export const cagrad: StrategyDefinition = {
  info: {
    name: 'cagrad',
    label: 'CAGrad',
    citation: 'Liu et al., NeurIPS 2021',
    description: 'Maximises the worst task’s improvement within a ball of radius c·‖g₀‖ around the mean gradient g₀.',
    needsTaskGradients: true,
    params: [
      { name: 'c', type: 'number', default: 0.5, label: 'c (ball radius)', min: 0, max: 10 },
      { name: 'rescale', type: 'number', default: 1, label: 'Rescale', description: '0: none, 1: divide by 1 + c², 2: divide by 1 + c', min: 0, max: 2 },
    ],
  },
  create(params) {
    const c = params.c as number;
    const rescale = Math.round(params.rescale as number);
    const divisor = rescale === 1 ? 1 + c * c : rescale === 2 ? 1 + c : 1;
    return {
      name: 'cagrad',
      needsTaskGradients: true,
      combineGradients(gram) {
        return cagradCoefficients(gram, c).map((a) => a / divisor);
      },
    };
  },
};
