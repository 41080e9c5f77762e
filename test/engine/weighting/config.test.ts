// ConFIG on constructed gradients: the update makes the same angle with every task gradient, and its length
// is the gradients' total projection on that direction.
import { describe, expect, it } from 'vitest';
import { alphaFor, combine, cos, dot, gradientStrategy, norm, randomVectors } from './helpers.js';

describe('ConFIG', () => {
  it('equal cosines with every task gradient, all positive, length Σ g_iᵀd̂', () => {
    for (const [k, seed] of [[2, 51], [3, 52], [4, 53]] as const) {
      const g = randomVectors(k, 6, seed).map((v, i) => v.map((x) => x * (1 + 3 * i)));
      const d = combine(g, alphaFor(gradientStrategy('config', {}, k), g));
      const cosines = g.map((gi) => cos(gi, d));
      for (const c of cosines) expect(c).toBeCloseTo(cosines[0], 8);
      expect(cosines[0]).toBeGreaterThan(0);
      const unit = d.map((x) => x / norm(d));
      expect(norm(d)).toBeCloseTo(g.reduce((s, gi) => s + dot(gi, unit), 0), 8);
    }
  });
});
