// Aligned-MTL: Senushkin et al., "Independent Component Alignment for Multi-Task Learning", CVPR 2023 —
// aligns the principal components of the gradient matrix (Sec. 4): with the Gram matrix M = GᵀG = VΛVᵀ, the
// balance transform is B = √λ_min · V Λ^(−1/2) Vᵀ (over the non-zero eigenvalues), which makes the aligned
// gradients orthogonal with equal norms (condition number 1); the update is Σ_i (B w)_i g_i with w = 1.
import type { StrategyDefinition } from './types.js';
import { symmetricEigen } from './solvers.js';

/**
 * The balance transform B = √λ_min · V Λ^(−1/2) Vᵀ over the eigenvalues above λ_max·K·ε (float32 ε, as the
 * reference code; smaller ones count as zero where G is rank-deficient). Null where G is zero.
 */
export function alignedBalance(gram: number[][]): number[][] | null {
  const k = gram.length;
  const { values, vectors } = symmetricEigen(gram);
  const tol = Math.max(values[0], 0) * k * 1.1920929e-7;
  const kept = values.map((v, c) => [v, c] as const).filter(([v]) => v > tol);
  if (kept.length === 0) return null;
  const sMin = Math.sqrt(kept[kept.length - 1][0]);
  const b = gram.map(() => new Array<number>(k).fill(0));
  for (const [lambda, c] of kept) {
    const f = sMin / Math.sqrt(lambda);
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) b[i][j] += f * vectors[i][c] * vectors[j][c];
  }
  return b;
}

/** α = B·1: the update Σ α_i g_i is the sum of the aligned gradients. */
export function alignedCoefficients(gram: number[][]): number[] {
  const b = alignedBalance(gram);
  return b ? b.map((row) => row.reduce((s, x) => s + x, 0)) : gram.map(() => 1);
}

export const alignedMtl: StrategyDefinition = {
  info: {
    name: 'aligned-mtl',
    label: 'Aligned-MTL',
    citation: 'Senushkin et al., CVPR 2023',
    description: 'Makes the task gradients orthogonal with equal norms (the smallest singular value sets the scale) before summing them.',
    needsTaskGradients: true,
    params: [],
  },
  create() {
    return {
      name: 'aligned-mtl',
      needsTaskGradients: true,
      combineGradients(gram) {
        return alignedCoefficients(gram);
      },
    };
  },
};
