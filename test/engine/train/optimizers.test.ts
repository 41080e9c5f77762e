// The optimizers' update rules (PyTorch's), checked by hand on one variable, and the schedules' values.
import { describe, expect, it } from 'vitest';
import { createOptimizer } from '../../../electron/engine/train/optimizers.js';
import { learningRate } from '../../../electron/engine/train/schedule.js';
import type { OptimizerConfig } from '../../../shared/run.js';
import { tf, useCpu } from './helpers.js';

/** Runs `steps` updates with a constant gradient g on a variable starting at w0; returns the values after each. */
async function trajectory(config: OptimizerConfig, w0: number, g: number, steps: number, lr = config.lr): Promise<number[]> {
  await useCpu();
  const v = tf.variable(tf.scalar(w0));
  const opt = createOptimizer(tf, config);
  const out: number[] = [];
  for (let i = 0; i < steps; i++) {
    const grad = tf.scalar(g);
    opt.apply([v], { [v.name]: grad }, lr);
    grad.dispose();
    out.push(v.dataSync()[0]);
  }
  opt.dispose();
  v.dispose();
  return out;
}

describe('optimizers', () => {
  it('SGD with momentum: v ← μv + g, w ← w − lr·v', async () => {
    const w = await trajectory({ name: 'sgd', lr: 0.1, momentum: 0.9 }, 1, 2, 3);
    // v: 2, 3.8, 5.42 → w: 0.8, 0.42, −0.122
    expect(w[0]).toBeCloseTo(0.8, 6);
    expect(w[1]).toBeCloseTo(0.42, 6);
    expect(w[2]).toBeCloseTo(-0.122, 5);
  });

  it('Adam: the first steps move by lr whatever the gradient scale', async () => {
    for (const g of [1e-3, 1, 1e3]) {
      const w = await trajectory({ name: 'adam', lr: 0.01 }, 0, g, 2);
      expect(w[0]).toBeCloseTo(-0.01, 5);
      expect(w[1]).toBeCloseTo(-0.02, 5);
    }
  });

  it('AdamW decays weights decoupled from the gradient; Adam with weight decay adds it to the gradient', async () => {
    // zero gradient: AdamW still shrinks w by (1 − lr·wd) per step
    const w = await trajectory({ name: 'adamw', lr: 0.1, weightDecay: 0.5 }, 2, 0, 3);
    expect(w[0]).toBeCloseTo(2 * 0.95, 5);
    expect(w[2]).toBeCloseTo(2 * 0.95 ** 3, 5);
    // Adam with L2: the decay enters the moments and the first step is lr in size
    const a = await trajectory({ name: 'adam', lr: 0.1, weightDecay: 0.5 }, 2, 0, 1);
    expect(a[0]).toBeCloseTo(1.9, 5);
  });

  it('RMSprop: w ← w − lr·g/(√(αs + (1−α)g²) + ε)', async () => {
    const w = await trajectory({ name: 'rmsprop', lr: 0.01 }, 0, 2, 1);
    expect(w[0]).toBeCloseTo(-0.01 * 2 / Math.sqrt(0.01 * 4), 5);
  });

  it('rejects a bad learning rate', () => {
    expect(() => createOptimizer(tf, { name: 'adam', lr: 0 })).toThrow(/positive/);
  });
});

describe('learning-rate schedules', () => {
  const at = (epoch: number, step = 0) => ({ epoch, step, stepsPerEpoch: 10, epochs: 4 });
  it('constant, step, exponential, cosine', () => {
    expect(learningRate({ kind: 'constant' }, 0.1, at(3))).toBe(0.1);
    expect(learningRate({ kind: 'step', stepSize: 2, gamma: 0.5 }, 0.1, at(1))).toBeCloseTo(0.1);
    expect(learningRate({ kind: 'step', stepSize: 2, gamma: 0.5 }, 0.1, at(2))).toBeCloseTo(0.05);
    expect(learningRate({ kind: 'exponential', gamma: 0.9 }, 0.1, at(2))).toBeCloseTo(0.081);
    expect(learningRate({ kind: 'cosine' }, 0.1, at(0))).toBeCloseTo(0.1);
    expect(learningRate({ kind: 'cosine' }, 0.1, at(2))).toBeCloseTo(0.05); // half way
    expect(learningRate({ kind: 'cosine', minLr: 0.01 }, 0.1, at(4))).toBeCloseTo(0.01);
  });
});
