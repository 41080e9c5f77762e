// ConFIG: Liu, Chen & Thuerey, "ConFIG: Towards Conflict-free Training of Physics Informed Neural Networks",
// ICLR 2025 — Sec. 3 (Eq. 2–3 of the arXiv version): the direction g_v = U⁺1 solves ĝ_iᵀg_v = 1 for the unit
// gradients ĝ_i (the same positive cosine with every task), and the update is (Σ_i g_iᵀĝ_v)·ĝ_v with
// ĝ_v = g_v/‖g_v‖. On the Gram matrix: y = (D⁻¹MD⁻¹)⁺1, g_v = Σ (y_i/‖g_i‖) g_i.
import type { StrategyDefinition } from './types.js';
import { pseudoSolve } from './solvers.js';

export function configCoefficients(gram: number[][]): number[] {
  const k = gram.length;
  const n = gram.map((row, i) => Math.sqrt(Math.max(row[i], 0)));
  if (n.some((x) => !(x > 0))) return gram.map(() => 1);
  const unit = gram.map((row, i) => row.map((x, j) => x / (n[i] * n[j])));
  const y = pseudoSolve(unit, new Array<number>(k).fill(1));
  const c = y.map((yi, i) => yi / n[i]); // g_v = Σ c_i g_i
  let vv = 0;
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) vv += c[i] * c[j] * gram[i][j];
  const vn = Math.sqrt(Math.max(vv, 0));
  if (!(vn > 0)) return gram.map(() => 1);
  let proj = 0; // Σ_i g_iᵀĝ_v
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) proj += gram[i][j] * c[j];
  proj /= vn;
  return c.map((ci) => (proj * ci) / vn);
}

export const config: StrategyDefinition = {
  info: {
    name: 'config',
    label: 'ConFIG',
    citation: 'Liu, Chen & Thuerey, ICLR 2025',
    description: 'Moves along the direction with the same cosine to every task gradient, scaled by the gradients’ total projection on it.',
    needsTaskGradients: true,
    params: [],
  },
  create() {
    return {
      name: 'config',
      needsTaskGradients: true,
      combineGradients(gram) {
        return configCoefficients(gram);
      },
    };
  },
};
