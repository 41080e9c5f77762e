// GLS, STCH and FAMO on given loss values: the objective each defines, the gradient weights it reports, and
// how the weights move.
import { describe, expect, it } from 'vitest';
import { lossStrategy, runLoss } from './helpers.js';

describe('GLS', () => {
  it('minimises the geometric mean; each loss’s gradient weight is GLS/(K·L_i)', () => {
    const r = runLoss(lossStrategy('gls', {}, 3), [2, 0.5, 4]);
    expect(r.total).toBeCloseTo(Math.cbrt(4), 5);
    r.dTotal.forEach((d, i) => expect(r.weights[i]).toBeCloseTo(d, 5));
    // scale-free: every task's weighted loss w_i·L_i is the same
    const wl = r.weights.map((w, i) => w * [2, 0.5, 4][i]);
    for (const x of wl) expect(x).toBeCloseTo(wl[0], 5);
  });
});

describe('STCH', () => {
  it('warm-up minimises Σ log L; then μ·K·log Σ exp(log(L_i/z_i)/μ) with z the last warm-up epoch’s means', () => {
    const s = lossStrategy('stch', { mu: 0.5, warmup: 1 });
    const w = runLoss(s, [2, 0.5]);
    expect(w.total).toBeCloseTo(Math.log(2) + Math.log(0.5), 5);
    s.onEpochEnd!([4, 0.25], 1);
    expect(s.state!().nadir).toEqual([4, 0.25]);
    const r = runLoss(s, [2, 0.5]);
    const a = Math.log(2 / 4) / 0.5;
    const b = Math.log(0.5 / 0.25) / 0.5;
    expect(r.total).toBeCloseTo(0.5 * 2 * Math.log(Math.exp(a) + Math.exp(b)), 5);
    r.dTotal.forEach((d, i) => expect(r.weights[i]).toBeCloseTo(d, 4));
    // the task furthest above its reference point (task 1: 2× its nadir) gets most of the weight
    expect(r.weights[1] * 0.5).toBeGreaterThan(r.weights[0] * 2);
  });

  it('a small μ approaches K·max_i log(L_i/z_i)', () => {
    const s = lossStrategy('stch', { mu: 0.01, warmup: 0 });
    expect(runLoss(s, [3, 1.5]).total).toBeCloseTo(2 * Math.log(3), 1);
  });
});

describe('FAMO', () => {
  it('starts as the log-loss gradient: weight c·z_i/L_i with z uniform', () => {
    const r = runLoss(lossStrategy('famo'), [2, 0.5]);
    const c = 1 / (0.5 / 2 + 0.5 / 0.5);
    r.dTotal.forEach((d, i) => expect(r.weights[i]).toBeCloseTo(d, 5));
    expect(r.weights[0]).toBeCloseTo((c * 0.5) / 2, 5);
    expect(r.weights[1]).toBeCloseTo((c * 0.5) / 0.5, 5);
  });

  it('moves weight toward the task whose loss falls more slowly', () => {
    const s = lossStrategy('famo', { lr: 0.05 });
    let a = 1;
    for (let t = 0; t < 60; t++) {
      s.onStepEnd!([a, 1], [0, 1]); // task 0 improves 5% per step, task 1 stalls
      a *= 0.95;
    }
    const [xi0, xi1] = s.state!().logit;
    expect(xi1).toBeGreaterThan(xi0);
    const r = runLoss(s, [1, 1]);
    expect(r.weights[1]).toBeGreaterThan(r.weights[0]);
  });
});
