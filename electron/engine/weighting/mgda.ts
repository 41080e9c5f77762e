import type { StrategyDefinition } from './types.js';
import { minNormOnSimplex, scaleGram } from './linalg.js';
import { gradientTargetParam, type GradientTarget } from './target.js';

export type MgdaNormalisation = 'none' | 'l2' | 'loss' | 'loss+';

/** The factor each task gradient is multiplied by before the min-norm problem (Sener & Koltun's normalisers). */
export function mgdaScales(gram: number[][], losses: number[], kind: MgdaNormalisation): number[] {
  return gram.map((row, i) => {
    const norm = Math.sqrt(Math.max(row[i], 0));
    const loss = Math.abs(losses[i]);
    const divisor = kind === 'l2' ? norm : kind === 'loss' ? loss : kind === 'loss+' ? loss * norm : 1;
    return divisor > 1e-12 ? 1 / divisor : 1;
  });
}

/**
 * MGDA-UB (Sener & Koltun, NeurIPS 2018): the update is the minimum-norm point of the convex hull of the
 * (normalised) task gradients, Σ α_k ĝ_k with α on the simplex, found by Frank–Wolfe on the Gram matrix.
 * A non-zero min-norm point is a descent direction for every task at once.
 *
 * Representation shortcut: "UB" is the paper's upper bound, solving the same problem with the gradients of
 * the losses with respect to the shared representation instead of the shared parameters (one backward
 * through the heads per task, one through the trunk). It is the default here (`gradients: 'representation'`);
 * `gradients: 'parameters'` solves it on the shared weights' gradients instead.
 */
export const mgda: StrategyDefinition = {
  info: {
    name: 'mgda',
    label: 'MGDA-UB',
    citation: 'Sener & Koltun, NeurIPS 2018',
    description: 'Steps along the minimum-norm point of the convex hull of the task gradients (Frank–Wolfe solver).',
    needsTaskGradients: true,
    params: [
      {
        name: 'normalization',
        type: 'string',
        default: 'none',
        options: ['none', 'l2', 'loss', 'loss+'],
        label: 'Gradient normalisation',
        description: "Divide each task gradient by 1, its norm ('l2'), its loss ('loss') or both ('loss+') first.",
      },
      gradientTargetParam('representation'),
    ],
  },
  create(params) {
    const kind = params.normalization as MgdaNormalisation;
    return {
      name: 'mgda',
      needsTaskGradients: true,
      gradientTarget: params.gradients as GradientTarget,
      combineGradients(gram, losses) {
        const s = mgdaScales(gram, losses, kind);
        const alpha = minNormOnSimplex(scaleGram(gram, s));
        return alpha.map((a, i) => a * s[i]);
      },
    };
  },
};
