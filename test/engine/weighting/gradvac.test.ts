// GradVac on constructed gradients: a pair below its target cosine is lifted exactly to the target; targets
// follow an EMA of the observed cosines; the first step (targets 0) removes conflicts like PCGrad.
import { describe, expect, it } from 'vitest';
import { gradvacCoefficients } from '../../../electron/engine/weighting/gradvac.js';
import { alphaFor, combine, cos, dot, gradientStrategy, gramOf } from './helpers.js';

describe('GradVac', () => {
  it('lifts the cosine of g_i′ and g_j to the target φ̂ where it is below it', () => {
    const g = [[1, 0, 0], [0.2, 1, 0.3]];
    const before = cos(g[0], g[1]);
    const targets = [[0, 0.6], [0.6, 0]];
    const c = gradvacCoefficients(gramOf(g), targets, 0.5, (i) => [1 - i]);
    expect(cos(combine(g, c[0]), g[1])).toBeCloseTo(0.6, 6);
    expect(cos(combine(g, c[1]), g[0])).toBeCloseTo(0.6, 6);
    // EMA of the observed cosine: (1 − β)·0.6 + β·cos
    expect(targets[0][1]).toBeCloseTo(0.5 * 0.6 + 0.5 * before, 8);
  });

  it('leaves pairs above their target untouched', () => {
    const g = [[1, 0.1], [0.9, 0.2]];
    const c = gradvacCoefficients(gramOf(g), [[0, 0.1], [0.1, 0]], 0.5, (i) => [1 - i]);
    expect(c).toEqual([[1, 0], [0, 1]]);
  });

  it('starts with targets 0: conflicting gradients become orthogonal (PCGrad’s first step)', () => {
    const g = [[1, 0], [-1, 1]];
    const s = gradientStrategy('gradvac', { beta: 0.01 });
    const alpha = alphaFor(s, g);
    const d = combine(g, alpha);
    expect(dot(d, g[0])).toBeGreaterThan(0);
    expect(dot(d, g[1])).toBeGreaterThan(0);
    expect(s.state!().target_cos[0]).toBeCloseTo(0.01 * cos(g[0], g[1]), 10);
  });
});
