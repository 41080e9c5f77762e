// UPGrad and DualProj on constructed gradients: the update conflicts with no task; without conflicts UPGrad is
// the mean gradient; each projection solves its QP (checked against active-set enumeration).
import { describe, expect, it } from 'vitest';
import { regularisedGram, upgradCoefficients } from '../../../electron/engine/weighting/upgrad.js';
import { dualprojCoefficients } from '../../../electron/engine/weighting/dualproj.js';
import { boxQp } from '../../../electron/engine/weighting/solvers.js';
import { solveLinear } from '../../../electron/engine/weighting/linalg.js';
import { alphaFor, combine, dot, gradientStrategy, gramOf, randomVectors } from './helpers.js';

/** min vᵀMv s.t. v ≥ u by enumerating which coordinates sit at their bound. */
function qpReference(m: number[][], u: number[]): number {
  const k = u.length;
  let best = Infinity;
  for (let mask = 0; mask < 1 << k; mask++) {
    const free = [...Array(k).keys()].filter((i) => mask & (1 << i));
    const v = [...u];
    if (free.length > 0) {
      const x = solveLinear(free.map((i) => free.map((j) => m[i][j])), free.map((i) => -u.reduce((s, uj, j) => (free.includes(j) ? s : s + m[i][j] * uj), 0)));
      if (!x || x.some((xi, n) => xi < u[free[n]] - 1e-12)) continue;
      free.forEach((i, n) => (v[i] = x[n]));
    }
    best = Math.min(best, dot(v, m.map((row) => dot(row, v))));
  }
  return best;
}

describe('UPGrad', () => {
  it('no task conflicts with the update, on random conflicting gradients', () => {
    for (const [k, seed] of [[2, 31], [3, 32], [4, 33], [6, 34]] as const) {
      const g = randomVectors(k, 5, seed);
      const d = combine(g, alphaFor(gradientStrategy('upgrad', {}, k), g));
      for (const gi of g) expect(dot(gi, d)).toBeGreaterThanOrEqual(-1e-9);
    }
  });

  it('gradients without conflict: the update is their mean (up to the ε·I regulariser)', () => {
    const g = [[1, 0.2, 0], [0.3, 1, 0.1], [0.2, 0.1, 1]];
    upgradCoefficients(gramOf(g)).forEach((a) => expect(a).toBeCloseTo(1 / 3, 3));
  });

  it('the box QP solver reaches the enumerated optimum', () => {
    for (const seed of [41, 42, 43]) {
      const g = randomVectors(4, 3, seed); // 4 gradients in 3-D: singular Gram before regularising
      const m = regularisedGram(gramOf(g), 1e-4, 1e-4);
      const u = [0.25, 0, 0, 0];
      const v = boxQp(m, u);
      expect(v.every((x, i) => x >= u[i] - 1e-12)).toBe(true);
      expect(dot(v, m.map((row) => dot(row, v)))).toBeCloseTo(qpReference(m, u), 10);
    }
  });
});

describe('DualProj', () => {
  it('projects the mean gradient: no conflict afterwards, and the mean itself where it had none', () => {
    const g = [[1, 0], [-0.9, 0.3]];
    const d = combine(g, dualprojCoefficients(gramOf(g)));
    for (const gi of g) expect(dot(gi, d)).toBeGreaterThanOrEqual(-1e-9);
    const calm = [[1, 0.2], [0.3, 1]];
    dualprojCoefficients(gramOf(calm)).forEach((a) => expect(a).toBeCloseTo(0.5, 3));
  });
});
