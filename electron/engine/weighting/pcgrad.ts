import type { StrategyDefinition } from './types.js';

/**
 * PCGrad, gradient surgery (Yu et al., NeurIPS 2020). For each task i, visiting the other tasks j in a random
 * order: where the (already projected) g_i conflicts with g_j (g_i·g_j < 0), remove its component along g_j,
 * g_i ← g_i − (g_i·g_j / ‖g_j‖²) g_j. The update is the sum of the projected gradients.
 *
 * Every projected g_i stays a combination Σ_k C_ik g_k, so the projections run on the Gram matrix alone.
 * Defined on the shared parameters (projecting representation gradients is a different method).
 */
export function pcgradCoefficients(gram: number[][], orderFor: (i: number) => number[]): number[][] {
  const k = gram.length;
  const c = gram.map((_, i) => gram.map((__, j) => (i === j ? 1 : 0)));
  for (let i = 0; i < k; i++) {
    for (const j of orderFor(i)) {
      if (j === i || gram[j][j] <= 1e-30) continue;
      let gij = 0; // (Σ_m C_im g_m) · g_j
      for (let m = 0; m < k; m++) gij += c[i][m] * gram[m][j];
      if (gij < 0) c[i][j] -= gij / gram[j][j];
    }
  }
  return c;
}

export const pcgrad: StrategyDefinition = {
  info: {
    name: 'pcgrad',
    label: 'PCGrad',
    citation: 'Yu et al., NeurIPS 2020',
    description: 'Projects each task gradient off the normal plane of any gradient it conflicts with, then sums them.',
    needsTaskGradients: true,
    params: [],
  },
  create(_params, { random }) {
    const shuffled = (n: number) => {
      const order = Array.from({ length: n }, (_, i) => i);
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      return order;
    };
    return {
      name: 'pcgrad',
      needsTaskGradients: true,
      combineGradients(gram) {
        const c = pcgradCoefficients(gram, () => shuffled(gram.length));
        return gram.map((_, m) => c.reduce((s, row) => s + row[m], 0));
      },
    };
  },
};
