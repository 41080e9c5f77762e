// Constructed gradients for the strategies' property tests: explicit vectors, their Gram matrix, combinations.
import * as tf from '@tensorflow/tfjs';
import { createStrategy } from '../../../electron/engine/weighting/registry.js';
import type { GradientStrategy, LossStrategy } from '../../../electron/engine/weighting/types.js';
import { createRandom } from '../../../electron/engine/train/random.js';

export const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0);
export const norm = (a: number[]) => Math.sqrt(dot(a, a));
export const gramOf = (g: number[][]) => g.map((a) => g.map((b) => dot(a, b)));
export const combine = (g: number[][], alpha: number[]) => g[0].map((_, p) => g.reduce((s, gi, i) => s + alpha[i] * gi[p], 0));
export const cos = (a: number[], b: number[]) => dot(a, b) / (norm(a) * norm(b));
export const randomVectors = (k: number, p: number, seed: number) => {
  const r = createRandom(seed);
  return Array.from({ length: k }, () => Array.from({ length: p }, () => r() * 2 - 1));
};
export const ctx = (k: number, seed = 1) => ({ tf, tasks: Array.from({ length: k }, (_, i) => `t${i}`), random: createRandom(seed) });
export const gradientStrategy = (name: string, params: Record<string, unknown> = {}, k = 2) => createStrategy(name, params, ctx(k)) as GradientStrategy;
export const lossStrategy = (name: string, params: Record<string, unknown> = {}, k = 2) => createStrategy(name, params, ctx(k)) as LossStrategy;
/** α from a gradient strategy for explicit vectors (all tasks active, unit losses unless given). */
export const alphaFor = (s: GradientStrategy, g: number[][], losses = g.map(() => 1)) => s.combineGradients(gramOf(g), losses, g.map((_, i) => i));

/** total and weights of a loss strategy on given loss values, and the gradient of total w.r.t. the losses. */
export function runLoss(s: LossStrategy, losses: number[], active = losses.map((_, i) => i)) {
  return tf.tidy(() => {
    let weights: number[] = [];
    const f = (l: tf.Tensor) => {
      const r = s.combineLosses(l as tf.Tensor1D, active);
      weights = Array.from(r.weights.dataSync());
      return r.total;
    };
    const { value, grad } = tf.valueAndGrad(f)(tf.tensor1d(losses));
    return { total: value.dataSync()[0], weights, dTotal: Array.from(grad.dataSync()) };
  });
}
export { tf };
