// DSelect-k's gate on given logits: weights form a distribution over the experts; saturated selectors pick
// exactly one expert each, so a task ends on at most k experts; with n not a power of 2 the extra codes fold
// onto existing experts and the weights still sum to 1.
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { dselectWeights, smoothStep } from '../../../electron/engine/model/custom/dselectK.js';

const weights = (z: number[][], mix: number[][], n: number, k: number, gamma = 1) =>
  tf.tidy(() => dselectWeights(tf.tensor2d(z), tf.tensor2d(mix), n, k, gamma).arraySync() as number[][]);

describe('DSelect-k gate', () => {
  it('smooth step: 0 below −γ/2, 1 above γ/2, 1/2 at 0, cubic between', () => {
    const s = tf.tidy(() => Array.from(smoothStep(tf.tensor1d([-2, -0.5, 0, 0.25, 0.5, 3]), 1).dataSync()));
    expect(s[0]).toBe(0);
    expect(s[1]).toBeCloseTo(0, 6);
    expect(s[2]).toBeCloseTo(0.5, 6);
    expect(s[3]).toBeCloseTo(-2 * 0.25 ** 3 + 1.5 * 0.25 + 0.5, 6);
    expect(s[4]).toBeCloseTo(1, 6);
    expect(s[5]).toBe(1);
  });

  it('weights are a distribution over the experts for any logits', () => {
    const w = weights([[0.1, -0.3, 0.2, 0.05], [-0.2, 0.4, 0, -0.1]], [[0.3, -0.2], [1, 2]], 4, 2);
    for (const row of w) {
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
      expect(row.every((x) => x >= 0)).toBe(true);
    }
  });

  it('saturated selectors pick exactly k experts: bits (1,0) → expert 1, (1,1) → expert 3', () => {
    const [w] = weights([[5, -5, 5, 5]], [[0, Math.log(3)]], 4, 2); // mix softmax [0.25, 0.75]
    expect(w[0]).toBeCloseTo(0, 6);
    expect(w[1]).toBeCloseTo(0.25, 5);
    expect(w[2]).toBeCloseTo(0, 6);
    expect(w[3]).toBeCloseTo(0.75, 5);
  });

  it('n = 3: code 3 folds onto expert 0, weights still sum to 1', () => {
    const [w] = weights([[5, 5]], [[0]], 3, 1);
    expect(w).toHaveLength(3);
    expect(w[0]).toBeCloseTo(1, 6);
    const [v] = weights([[0.1, -0.2]], [[0]], 3, 1);
    expect(v.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });
});
