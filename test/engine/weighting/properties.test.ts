// Each strategy's defining property, on constructed gradients (no model): the Gram matrix goes in,
// the coefficients come out, and the test combines the explicit vectors itself.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { createStrategy, listStrategies, getStrategyDefinition } from '../../../electron/engine/weighting/registry.js';
import type { GradientStrategy, LossStrategy } from '../../../electron/engine/weighting/types.js';
import { pcgradCoefficients } from '../../../electron/engine/weighting/pcgrad.js';
import { cagradCoefficients } from '../../../electron/engine/weighting/cagrad.js';
import { minNormOnSimplex, solveLinear } from '../../../electron/engine/weighting/linalg.js';
import { createRandom } from '../../../electron/engine/train/random.js';

const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
const norm = (a: number[]) => Math.sqrt(dot(a, a));
const gramOf = (g: number[][]) => g.map((a) => g.map((b) => dot(a, b)));
const combine = (g: number[][], alpha: number[]) => g[0].map((_, p) => g.reduce((s, gi, i) => s + alpha[i] * gi[p], 0));
const randomVectors = (k: number, p: number, seed: number) => {
  const r = createRandom(seed);
  return Array.from({ length: k }, () => Array.from({ length: p }, () => r() * 2 - 1));
};
const ctx = (k: number, seed = 1) => ({ tf, tasks: Array.from({ length: k }, (_, i) => `t${i}`), random: createRandom(seed) });
const gradientStrategy = (name: string, params: Record<string, unknown> = {}, k = 2) => createStrategy(name, params, ctx(k)) as GradientStrategy;

/** Reference min-norm point by enumerating active sets: for each support S, α_S ∝ M_S⁻¹1 if feasible. */
function minNormReference(m: number[][]): number {
  const k = m.length;
  let best = Infinity;
  for (let mask = 1; mask < 1 << k; mask++) {
    const s = [...Array(k).keys()].filter((i) => mask & (1 << i));
    const sub = s.map((i) => s.map((j) => m[i][j]));
    const x = solveLinear(sub, s.map(() => 1));
    if (!x) continue;
    const total = x.reduce((a, b) => a + b, 0);
    if (!(Math.abs(total) > 1e-12)) continue;
    const alpha = x.map((v) => v / total);
    if (alpha.some((v) => v < -1e-12)) continue;
    const val = alpha.reduce((acc, ai, a) => acc + alpha.reduce((q, aj, b) => q + ai * aj * sub[a][b], 0), 0);
    best = Math.min(best, val);
  }
  return best;
}

describe('weighting registry', () => {
  it('lists the twenty strategies with their parameters and gradient needs', () => {
    const infos = listStrategies();
    expect(infos.map((s) => s.name)).toEqual([
      'ew', 'static', 'uw', 'dwa', 'rlw', 'gradnorm', 'pcgrad', 'mgda', 'cagrad', 'imtl-g',
      'nash-mtl', 'fairgrad', 'aligned-mtl', 'gradvac', 'upgrad', 'dualproj', 'config', 'gls', 'stch', 'famo',
    ]);
    const needs = Object.fromEntries(infos.map((s) => [s.name, s.needsTaskGradients]));
    expect(needs).toMatchObject({ ew: false, uw: false, dwa: false, rlw: false, gradnorm: true, pcgrad: true, mgda: true, cagrad: true, 'imtl-g': true });
    expect(needs).toMatchObject({ 'nash-mtl': true, fairgrad: true, 'aligned-mtl': true, gradvac: true, upgrad: true, dualproj: true, config: true, gls: false, stch: false, famo: false });
    for (const info of infos.slice(10)) expect(info.citation, info.name).toMatch(/\d{4}/);
    expect(getStrategyDefinition('mgda').info.params[0].options).toEqual(['none', 'l2', 'loss', 'loss+']);
    for (const info of infos) {
      const s = createStrategy(info.name, {}, ctx(2));
      expect(s.needsTaskGradients).toBe(info.needsTaskGradients);
    }
  });

  it('rejects unknown strategies and bad parameters with a message naming them', () => {
    expect(() => createStrategy('nash', {}, ctx(2))).toThrow(/Unknown weighting strategy 'nash'/);
    expect(() => createStrategy('dwa', { temp: 2 }, ctx(2))).toThrow(/no parameter 'temp'/);
    expect(() => createStrategy('mgda', { normalization: 'l1' }, ctx(2))).toThrow(/'l1' is not one of none, l2, loss, loss\+/);
    expect(() => createStrategy('static', { weights: [1, 2, 3] }, ctx(2))).toThrow(/one weight per task \(2/);
    expect(() => createStrategy('cagrad', { c: -1 }, ctx(2))).toThrow(/below the minimum/);
  });
});

describe('PCGrad', () => {
  it('removes the conflicting component (two tasks: each projected gradient is orthogonal to the other)', () => {
    const g = [[1, 0, 0], [-1, 1, 0.5]];
    const c = pcgradCoefficients(gramOf(g), (i) => [1 - i]);
    const p0 = combine(g, c[0]);
    const p1 = combine(g, c[1]);
    expect(dot(p0, g[1])).toBeCloseTo(0, 12);
    expect(dot(p1, g[0])).toBeCloseTo(0, 12);
    // what remains is g_i minus its projection on g_j
    const k = dot(g[0], g[1]) / dot(g[1], g[1]);
    expect(p0).toEqual(g[0].map((x, i) => x - k * g[1][i]));
    const alpha = gradientStrategy('pcgrad').combineGradients(gramOf(g), [1, 1], [0, 1]);
    const update = combine(g, alpha);
    expect(update.map((x, i) => x - p0[i] - p1[i]).every((d) => Math.abs(d) < 1e-12)).toBe(true);
    // the update no longer conflicts with either task
    expect(dot(update, g[0])).toBeGreaterThan(0);
    expect(dot(update, g[1])).toBeGreaterThan(0);
  });

  it('leaves gradients that do not conflict unchanged (the update is their sum)', () => {
    const g = [[1, 0.2], [0.5, 1]];
    const alpha = gradientStrategy('pcgrad').combineGradients(gramOf(g), [1, 1], [0, 1]);
    expect(alpha[0]).toBeCloseTo(1, 12);
    expect(alpha[1]).toBeCloseTo(1, 12);
  });
});

describe('MGDA-UB', () => {
  it('weights lie on the simplex and reach the min-norm point of the convex hull', () => {
    for (const [k, p, seed] of [[2, 5, 1], [3, 4, 2], [4, 6, 3], [5, 3, 4], [3, 2, 5]] as const) {
      const g = randomVectors(k, p, seed);
      const m = gramOf(g);
      const alpha = gradientStrategy('mgda', { normalization: 'none' }, k).combineGradients(m, g.map(() => 1), [...Array(k).keys()]);
      expect(alpha.every((a) => a >= 0)).toBe(true);
      expect(alpha.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      const x = combine(g, alpha);
      expect(dot(x, x)).toBeCloseTo(minNormReference(m), 8);
      // optimality: no vertex of the hull lies on the far side, g_i·x ≥ ‖x‖² for every task
      for (const gi of g) expect(dot(gi, x)).toBeGreaterThanOrEqual(dot(x, x) - 1e-7);
    }
  });

  it('a non-zero min-norm point decreases every task (two tasks with a conflict)', () => {
    const g = [[2, 0], [-1, 1]];
    const alpha = gradientStrategy('mgda').combineGradients(gramOf(g), [1, 1], [0, 1]);
    const x = combine(g, alpha);
    expect(dot(x, g[0])).toBeGreaterThan(0);
    expect(dot(x, g[1])).toBeGreaterThan(0);
  });

  it('normalises by gradient norm (l2) or loss before solving', () => {
    const g = [[10, 0], [0, 1]];
    const l2 = gradientStrategy('mgda', { normalization: 'l2' }).combineGradients(gramOf(g), [1, 1], [0, 1]);
    // unit vectors e1, e2: min-norm point (e1+e2)/2 → coefficients 0.5/10 and 0.5/1 on the raw gradients
    expect(l2[0]).toBeCloseTo(0.05, 9);
    expect(l2[1]).toBeCloseTo(0.5, 9);
    const byLoss = gradientStrategy('mgda', { normalization: 'loss' }).combineGradients(gramOf(g), [10, 1], [0, 1]);
    expect(byLoss[0]).toBeCloseTo(0.05, 9);
    expect(byLoss[1]).toBeCloseTo(0.5, 9);
  });

  it('the solver matches the reference on ill-conditioned hulls', () => {
    const g = [[1, 1e-3], [1, -1e-3], [1, 0.5], [0.9, 0.01]];
    const m = gramOf(g);
    const alpha = minNormOnSimplex(m);
    const x = combine(g, alpha);
    expect(dot(x, x)).toBeCloseTo(minNormReference(m), 9);
  });
});

describe('CAGrad', () => {
  it('with c = 0 is the mean gradient', () => {
    const g = randomVectors(3, 5, 7);
    const alpha = gradientStrategy('cagrad', { c: 0 }, 3).combineGradients(gramOf(g), [1, 1, 1], [0, 1, 2]);
    expect(alpha).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });

  it('maximises the worst task’s improvement within the ball around the mean gradient', () => {
    const g = [[1, 0], [-0.8, 0.6]];
    const c = 0.5;
    const alpha = cagradCoefficients(gramOf(g), c);
    const d = combine(g, alpha);
    const g0 = combine(g, [0.5, 0.5]);
    const radius = c * norm(g0);
    expect(norm(d.map((x, i) => x - g0[i]))).toBeCloseTo(radius, 6);
    const worst = (v: number[]) => Math.min(...g.map((gi) => dot(gi, v)));
    // no point on the ball's boundary does better
    for (let a = 0; a < 360; a += 1) {
      const t = (a * Math.PI) / 180;
      const cand = [g0[0] + radius * Math.cos(t), g0[1] + radius * Math.sin(t)];
      expect(worst(cand)).toBeLessThanOrEqual(worst(d) + 1e-6);
    }
    expect(worst(d)).toBeGreaterThan(worst(g0));
    // the strategy divides by 1 + c² by default
    const scaled = gradientStrategy('cagrad', { c }).combineGradients(gramOf(g), [1, 1], [0, 1]);
    expect(scaled[0]).toBeCloseTo(alpha[0] / 1.25, 9);
  });
});

describe('IMTL-G', () => {
  it('gives equal projections of the update on every task’s gradient direction', () => {
    for (const [k, seed] of [[2, 11], [3, 12], [4, 13]] as const) {
      const g = randomVectors(k, 6, seed).map((v, i) => v.map((x) => x * (i + 1) * 3)); // different scales
      const alpha = gradientStrategy('imtl-g', {}, k).combineGradients(gramOf(g), g.map(() => 1), [...Array(k).keys()]);
      expect(alpha.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      const x = combine(g, alpha);
      const proj = g.map((gi) => dot(x, gi) / norm(gi));
      for (const p of proj) expect(p).toBeCloseTo(proj[0], 8);
      expect(proj[0]).toBeGreaterThan(0);
    }
  });
});

describe('GradNorm', () => {
  it('moves the weights until the weighted gradient norms are equal when tasks train at the same rate', () => {
    const s = gradientStrategy('gradnorm', { alpha: 1.5, lr: 0.025 });
    const gram = [[100, 0], [0, 1]]; // ‖g_1‖ = 10, ‖g_2‖ = 1
    let w = [1, 1];
    for (let i = 0; i < 400; i++) w = s.combineGradients(gram, [2, 0.5], [0, 1]); // losses stay at L(0): equal rates
    expect(w[0] + w[1]).toBeCloseTo(2, 9);
    expect((w[0] * 10) / (w[1] * 1)).toBeGreaterThan(0.85);
    expect((w[0] * 10) / (w[1] * 1)).toBeLessThan(1.15);
  });

  it('gives the slower-training task the larger weighted gradient norm, by (r₁/r₂)^α', () => {
    const s = gradientStrategy('gradnorm', { alpha: 1, lr: 0.025 });
    const gram = [[1, 0.2], [0.2, 1]];
    s.combineGradients(gram, [1, 1], [0, 1]); // L(0) = 1 for both
    let w = [1, 1];
    for (let i = 0; i < 400; i++) w = s.combineGradients(gram, [0.8, 0.2], [0, 1]); // task 0 trains 4× slower
    expect(w[0]).toBeGreaterThan(w[1]);
    expect(w[0] / w[1]).toBeGreaterThan(4 * 0.85);
    expect(w[0] / w[1]).toBeLessThan(4 * 1.15);
  });
});

describe('loss strategies', () => {
  const run = (s: LossStrategy, losses: number[], active = losses.map((_, i) => i)) =>
    tf.tidy(() => {
      const { total, weights } = s.combineLosses(tf.tensor1d(losses), active);
      return { total: total.dataSync()[0], weights: Array.from(weights.dataSync()) };
    });

  it('EW sums, static weights multiply', () => {
    expect(run(createStrategy('ew', {}, ctx(2)) as LossStrategy, [1.5, 2]).total).toBeCloseTo(3.5, 6);
    const st = createStrategy('static', { weights: [2, 0.5] }, ctx(2)) as LossStrategy;
    expect(run(st, [1, 4]).total).toBeCloseTo(4, 6);
    expect(run(st, [4], [1]).weights).toEqual([0.5]);
  });

  it('UW learns log-variances: minimising its objective drives s_k to log L_k', () => {
    const s = createStrategy('uw', {}, ctx(2)) as LossStrategy;
    const opt = tf.train.adam(0.05);
    const losses = [4, 0.25];
    for (let i = 0; i < 600; i++) {
      tf.tidy(() => {
        opt.minimize(() => s.combineLosses(tf.tensor1d(losses), [0, 1]).total, false, s.variables);
      });
    }
    const logVar = s.state!().log_variance;
    expect(logVar[0]).toBeCloseTo(Math.log(4), 1);
    expect(logVar[1]).toBeCloseTo(Math.log(0.25), 1);
    // the noisier task ends with the smaller weight
    const { weights } = run(s, losses);
    expect(weights[0]).toBeLessThan(weights[1]);
    s.dispose!();
    opt.dispose();
  });

  it('DWA weights the task whose loss fell more slowly higher, from the third epoch', () => {
    const s = createStrategy('dwa', { T: 2 }, ctx(2)) as LossStrategy;
    expect(run(s, [1, 1]).weights).toEqual([1, 1]);
    s.onEpochEnd!([1, 1], 1);
    expect(run(s, [1, 1]).weights).toEqual([1, 1]);
    s.onEpochEnd!([0.9, 0.5], 2); // task 0: ratio 0.9, task 1: ratio 0.5
    const w = run(s, [1, 1]).weights;
    const e0 = Math.exp(0.9 / 2);
    const e1 = Math.exp(0.5 / 2);
    expect(w[0]).toBeCloseTo((2 * e0) / (e0 + e1), 5);
    expect(w[0] + w[1]).toBeCloseTo(2, 5);
  });

  it('RLW draws fresh weights on the simplex each step, reproducibly from the seed', () => {
    const draw = (seed: number) => {
      const s = createStrategy('rlw', {}, ctx(3, seed)) as LossStrategy;
      return Array.from({ length: 200 }, () => run(s, [1, 1, 1]).weights);
    };
    const a = draw(5);
    expect(draw(5)).toEqual(a);
    expect(draw(6)).not.toEqual(a);
    for (const w of a) {
      expect(w.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 5);
      expect(w.every((x) => x > 0)).toBe(true);
    }
    expect(a[0]).not.toEqual(a[1]);
    const mean0 = a.reduce((s, w) => s + w[0], 0) / a.length;
    expect(mean0).toBeGreaterThan(0.25);
    expect(mean0).toBeLessThan(0.42);
  });
});
