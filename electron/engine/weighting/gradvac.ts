// GradVac: Wang et al., "Gradient Vaccine: Investigating and Improving Multi-task Optimization in Massively
// Multilingual Models", ICLR 2021 — Sec. 3.2: where the cosine φ_ij of g_i and g_j falls below its running
// target φ̂_ij (an EMA, φ̂ ← (1−β)φ̂ + βφ), g_i gains a multiple of g_j that lifts the cosine to φ̂_ij:
// g_i' = g_i + ‖g_i‖(φ̂√(1−φ²) − φ√(1−φ̂²)) / (‖g_j‖√(1−φ̂²)) · g_j. The update is Σ g_i'.
// Targets are kept for the whole shared parameter vector (LibMTL's group type 0).
import type { StrategyDefinition } from './types.js';

/**
 * One GradVac step on the Gram matrix. `targets[i][j]` (φ̂_ij) is updated in place. Returns C with
 * g_i' = Σ_m C_im g_m. Visits the other tasks j in `orderFor(i)`.
 */
export function gradvacCoefficients(gram: number[][], targets: number[][], beta: number, orderFor: (i: number) => number[]): number[][] {
  const k = gram.length;
  const c = gram.map((_, i) => gram.map((__, j) => (i === j ? 1 : 0)));
  const norm = (i: number) => Math.sqrt(Math.max(gram[i][i], 0));
  for (let i = 0; i < k; i++) {
    for (const j of orderFor(i)) {
      if (j === i) continue;
      let dotIJ = 0; // g_i'·g_j
      let sq = 0; // ‖g_i'‖²
      for (let m = 0; m < k; m++) {
        dotIJ += c[i][m] * gram[m][j];
        for (let n = 0; n < k; n++) sq += c[i][m] * c[i][n] * gram[m][n];
      }
      const ni = Math.sqrt(Math.max(sq, 0));
      const rho = dotIJ / (ni * norm(j) + 1e-8);
      const target = targets[i][j];
      if (rho < target) {
        const w = (ni * (target * Math.sqrt(Math.max(1 - rho * rho, 0)) - rho * Math.sqrt(Math.max(1 - target * target, 0)))) /
          (norm(j) * Math.sqrt(Math.max(1 - target * target, 0)) + 1e-8);
        c[i][j] += w;
      }
      targets[i][j] = (1 - beta) * target + beta * rho;
    }
  }
  return c;
}

export const gradvac: StrategyDefinition = {
  info: {
    name: 'gradvac',
    label: 'GradVac',
    citation: 'Wang et al., ICLR 2021',
    description: 'Lifts each pair of task gradients toward the cosine similarity they usually have (a running target), instead of only removing conflicts.',
    needsTaskGradients: true,
    params: [{ name: 'beta', type: 'number', default: 0.5, label: 'β (target EMA rate)', min: 0, max: 1 }],
  },
  create(params, { tasks, random }) {
    const beta = params.beta as number;
    const targets = tasks.map(() => tasks.map(() => 0)); // indexed by task, across steps
    const shuffled = (others: number[]) => {
      const order = [...others];
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      return order;
    };
    return {
      name: 'gradvac',
      needsTaskGradients: true,
      combineGradients(gram, _losses, active) {
        const local = active.map((a) => active.map((b) => targets[a][b]));
        const c = gradvacCoefficients(gram, local, beta, (i) => shuffled(active.map((_, j) => j).filter((j) => j !== i)));
        active.forEach((a, i) => active.forEach((b, j) => (targets[a][b] = local[i][j])));
        return gram.map((_, m) => c.reduce((s, row) => s + row[m], 0));
      },
      state() {
        return { target_cos: tasks.map((_, i) => targets[i].reduce((s, x, j) => (j === i ? s : s + x), 0) / Math.max(tasks.length - 1, 1)) };
      },
    };
  },
};
