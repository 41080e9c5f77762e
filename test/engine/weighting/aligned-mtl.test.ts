// Aligned-MTL on constructed gradients: the balance transform makes the aligned gradients orthonormal up to
// the smallest singular value, and leaves already-aligned gradients as they are (the sum, like EW).
import { describe, expect, it } from 'vitest';
import { alignedBalance } from '../../../electron/engine/weighting/aligned-mtl.js';
import { alphaFor, gradientStrategy, gramOf, randomVectors } from './helpers.js';
import { symmetricEigen } from '../../../electron/engine/weighting/solvers.js';

const mul = (a: number[][], b: number[][]) => a.map((row) => b[0].map((_, j) => row.reduce((s, x, k) => s + x * b[k][j], 0)));

describe('Aligned-MTL', () => {
  it('BᵀMB = λ_min·I: the aligned gradients are orthogonal with equal norms (condition number 1)', () => {
    for (const [k, seed] of [[2, 1], [3, 2], [5, 3]] as const) {
      const g = randomVectors(k, 8, seed).map((v, i) => v.map((x) => x * (i + 1)));
      const m = gramOf(g);
      const b = alignedBalance(m)!;
      const aligned = mul(mul(b, m), b);
      const lambdaMin = symmetricEigen(m).values[k - 1];
      aligned.forEach((row, i) => row.forEach((x, j) => expect(x).toBeCloseTo(i === j ? lambdaMin : 0, 8)));
      const alpha = alphaFor(gradientStrategy('aligned-mtl', {}, k), g);
      alpha.forEach((a, i) => expect(a).toBeCloseTo(b[i].reduce((s, x) => s + x, 0), 10));
    }
  });

  it('orthogonal gradients of equal norm are summed unchanged', () => {
    const alpha = alphaFor(gradientStrategy('aligned-mtl', {}, 3), [[2, 0, 0], [0, 2, 0], [0, 0, 2]]);
    alpha.forEach((a) => expect(a).toBeCloseTo(1, 10));
  });

  it('a rank-deficient Gram matrix (two equal gradients) keeps the non-zero directions only', () => {
    const alpha = alphaFor(gradientStrategy('aligned-mtl', {}, 2), [[1, 1], [1, 1]]);
    expect(alpha.every(Number.isFinite)).toBe(true);
    expect(alpha[0]).toBeCloseTo(alpha[1], 10);
  });
});
