import type { StrategyDefinition } from './types.js';
import { solveLinear } from './linalg.js';
import { gradientTargetParam, type GradientTarget } from './target.js';

/**
 * IMTL-G's closed form on the Gram matrix: α with Σ α_i = 1 such that g = Σ α_i g_i has the same projection
 * on every task's unit gradient u_i = g_i/‖g_i‖. With D_j = g_1 − g_j and U_j = u_1 − u_j (j = 2..K) the
 * conditions gᵀU_j = 0 give α_{2..K} = (g_1ᵀU)(DᵀU)⁻¹ and α_1 = 1 − Σ α_{2..K}. Falls back to the mean where
 * the system is singular (parallel gradients, for which every combination is impartial).
 */
export function imtlCoefficients(gram: number[][]): number[] {
  const k = gram.length;
  if (k === 1) return [1];
  const n = gram.map((row, i) => Math.sqrt(Math.max(row[i], 1e-30)));
  const m = (i: number, j: number) => gram[i][j];
  // (DᵀU)_{ab} = (g_1 − g_a)·(u_1 − u_b), a, b ∈ 2..K (0-based 1..K−1)
  const a: number[][] = [];
  const r: number[] = [];
  for (let x = 1; x < k; x++) {
    const row: number[] = [];
    for (let y = 1; y < k; y++) row.push(m(0, 0) / n[0] - m(0, y) / n[y] - m(x, 0) / n[0] + m(x, y) / n[y]);
    a.push(row);
    r.push(m(0, 0) / n[0] - m(0, x) / n[x]); // g_1·(u_1 − u_x)
  }
  // row vector r · A⁻¹  ⇔  solve Aᵀ x = rᵀ
  const at = a[0].map((_, j) => a.map((row) => row[j]));
  const rest = solveLinear(at, r);
  if (!rest || rest.some((x) => !Number.isFinite(x))) return new Array(k).fill(1 / k);
  return [1 - rest.reduce((s, x) => s + x, 0), ...rest];
}

/**
 * IMTL-G, the gradient half of impartial multi-task learning (Liu et al., ICLR 2021): the combined update
 * has equal projections onto every task's gradient direction, so no task is favoured by its gradient's scale.
 *
 * Representation shortcut: the paper also applies it to the gradients with respect to the shared
 * representation (`gradients: 'representation'`); the default here is the shared parameters.
 */
export const imtlG: StrategyDefinition = {
  info: {
    name: 'imtl-g',
    label: 'IMTL-G',
    citation: 'Liu et al., ICLR 2021',
    description: 'Combines task gradients so that the update projects equally onto every task’s gradient direction.',
    needsTaskGradients: true,
    params: [gradientTargetParam('parameters')],
  },
  create(params) {
    return {
      name: 'imtl-g',
      needsTaskGradients: true,
      gradientTarget: params.gradients as GradientTarget,
      combineGradients(gram) {
        return imtlCoefficients(gram);
      },
    };
  },
};
