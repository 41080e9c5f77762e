// Nash-MTL and FairGrad on constructed gradients: the defining equation GᵀGα = α^(−1/a) holds, every task
// improves, clipping and the solve period behave as documented.
import { describe, expect, it } from 'vitest';
import { nashCoefficients } from '../../../electron/engine/weighting/nash-mtl.js';
import { fairgradCoefficients } from '../../../electron/engine/weighting/fairgrad.js';
import { alphaFor, combine, dot, gradientStrategy, gramOf, randomVectors } from './helpers.js';

const residual = (m: number[][], a: number[], power: number) =>
  Math.max(...m.map((row, i) => Math.abs(dot(row, a) - Math.pow(a[i], -power)) / Math.pow(a[i], -power)));

describe('Nash-MTL', () => {
  it('solves (M/‖M‖_F)α = 1/α with α > 0, and the update improves every task', () => {
    for (const [k, p, seed] of [[2, 4, 1], [3, 5, 2], [4, 7, 3], [5, 9, 4]] as const) {
      const g = randomVectors(k, p, seed);
      const m = gramOf(g);
      const alpha = nashCoefficients(m, 0);
      const fro = Math.sqrt(m.flat().reduce((s, x) => s + x * x, 0));
      expect(residual(m.map((row) => row.map((x) => x / fro)), alpha, 1)).toBeLessThan(1e-8);
      expect(alpha.every((a) => a > 0)).toBe(true);
      const d = combine(g, alpha);
      for (const gi of g) expect(dot(gi, d)).toBeGreaterThan(0);
    }
  });

  it('is scale-fair: each task gets the same share α_i·(g_iᵀd) = 1 of the normalised update', () => {
    const g = [[3, 0, 0], [-0.5, 0.2, 0]]; // very different norms, a conflict
    const m = gramOf(g);
    const fro = Math.sqrt(m.flat().reduce((s, x) => s + x * x, 0));
    const alpha = nashCoefficients(m, 0);
    const d = combine(g, alpha);
    for (let i = 0; i < 2; i++) expect((alpha[i] * dot(g[i], d)) / fro).toBeCloseTo(1, 8);
  });

  it('clips the update to maxNorm and reuses α between solves', () => {
    const g = randomVectors(3, 6, 9).map((v) => v.map((x) => x * 10));
    const alpha = alphaFor(gradientStrategy('nash-mtl', { maxNorm: 0.5 }, 3), g);
    expect(Math.sqrt(dot(combine(g, alpha), combine(g, alpha)))).toBeCloseTo(0.5, 8);
    const s = gradientStrategy('nash-mtl', { updateEvery: 3, maxNorm: 0 }, 2);
    const a1 = alphaFor(s, [[1, 0], [0, 1]]);
    const a2 = alphaFor(s, [[5, 1], [1, 2]]);
    const a3 = alphaFor(s, [[5, 1], [1, 2]]);
    const a4 = alphaFor(s, [[5, 1], [1, 2]]);
    expect(a2).toEqual(a1);
    expect(a3).toEqual(a1);
    expect(a4).not.toEqual(a1);
  });
});

describe('FairGrad', () => {
  it('solves Gram·w = w^(−1/α) for several α, with a = 1 the Nash solution on the raw Gram matrix', () => {
    const g = randomVectors(3, 5, 21);
    const m = gramOf(g);
    for (const a of [0.5, 1, 2, 5]) {
      const w = fairgradCoefficients(m, a);
      expect(residual(m, w, 1 / a)).toBeLessThan(1e-8);
    }
    const fro = Math.sqrt(m.flat().reduce((s, x) => s + x * x, 0));
    const nash = nashCoefficients(m, 0).map((x) => x / Math.sqrt(fro));
    fairgradCoefficients(m, 1).forEach((x, i) => expect(x).toBeCloseTo(nash[i], 8));
  });

  it('a larger α evens out the tasks’ improvements g_iᵀd (toward max–min fairness)', () => {
    const g = [[4, 0], [-1, 1]];
    const m = gramOf(g);
    const spread = (a: number) => {
      const d = combine(g, fairgradCoefficients(m, a));
      const u = g.map((gi) => dot(gi, d));
      return Math.min(...u) / Math.max(...u);
    };
    expect(spread(5)).toBeGreaterThan(spread(1));
    expect(spread(1)).toBeGreaterThan(spread(0.5));
  });
});
