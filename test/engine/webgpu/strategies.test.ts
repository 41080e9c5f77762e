// The gradient strategies on constructed gradients, with the per-task gradients and their Gram matrix
// computed on webgpu by the engine's own code (taskGradients: one recorded forward, one backward per task).
// Known gradients: loss_i = Σ c_i·w + a_i·|w|²/2, so g_i = c_i + a_i·w.
import type { Scalar } from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../../electron/engine/backend.js';
import { taskGradients } from '../../../electron/engine/train/task-gradients.js';
import { createRandom } from '../../../electron/engine/train/random.js';
import { createStrategy, listStrategies } from '../../../electron/engine/weighting/registry.js';
import type { GradientStrategy } from '../../../electron/engine/weighting/types.js';
import { quiet, release, webgpuHere } from './adapter.js';

const here = await webgpuHere();
const K = 3;
const P = 40;
const r = createRandom(5);
const c = Array.from({ length: K }, () => Array.from({ length: P }, () => r() * 2 - 1));
const a = [0.5, -0.25, 1];
const w0 = Array.from({ length: P }, () => r() * 2 - 1);
const exactG = c.map((ci, i) => ci.map((x, p) => x + a[i] * w0[p]));
const dot = (u: number[], v: number[]) => u.reduce((s, x, i) => s + x * v[i], 0);
const exactGram = exactG.map((u) => exactG.map((v) => dot(u, v)));
const losses = [0.9, 0.4, 1.3];
const rel = (got: number[], ref: number[]) => Math.sqrt(got.reduce((s, x, i) => s + (x - ref[i]) ** 2, 0)) / Math.max(Math.sqrt(dot(ref, ref)), 1e-9);

/** On webgpu: per-task gradients of the constructed losses, their Gram matrix, and the combination Σ α_i g_i for given α. */
async function onGpu(alphaFor: (gram: number[][]) => number[]) {
  const { tf } = await initBackend('webgpu', quiet);
  const w = tf.variable(tf.tensor1d(w0), true, 'w_constructed');
  try {
    return tf.tidy(() => {
      const { grads } = taskGradients(
        tf,
        () => ({ losses: c.map((ci, i) => tf.add(tf.sum(tf.mul(tf.tensor1d(ci), w)), tf.mul(a[i] / 2, tf.sum(tf.square(w)))) as Scalar) }),
        () => [w],
      );
      const g = tf.stack(grads.map((gr) => gr[w.name]));
      const gramFlat = Array.from(tf.matMul(g, g, false, true).dataSync());
      const gram = [0, 1, 2].map((i) => gramFlat.slice(i * K, i * K + K));
      const alpha = alphaFor(gram);
      const combined = Array.from(tf.matMul(tf.tensor2d([alpha]), g).dataSync());
      return { rows: [0, 1, 2].map((i) => Array.from(g.slice([i, 0], [1, P]).dataSync())), gram, alpha, combined };
    });
  } finally {
    w.dispose();
  }
}

const gradientStrategies = listStrategies().filter((s) => s.needsTaskGradients);

describe.skipIf(here.skip !== null)(`webgpu: gradient strategies on constructed gradients${here.skip ? ` (skipped: ${here.skip})` : ''}`, () => {
  afterAll(async () => {
    await initBackend('cpu', quiet);
    await release();
  });

  it('per-task gradients and their Gram matrix on webgpu are the known ones', async () => {
    const got = await onGpu(() => [1, 1, 1]);
    got.rows.forEach((row, i) => expect(rel(row, exactG[i]), `g_${i}`).toBeLessThan(1e-5));
    expect(rel(got.gram.flat(), exactGram.flat())).toBeLessThan(1e-5);
  });

  for (const s of gradientStrategies) {
    it(`${s.name}: the same coefficients from the webgpu Gram matrix as from the exact one, and the combination applied on webgpu`, async () => {
      const make = async (backend: 'webgpu' | 'cpu') => {
        const { tf } = await initBackend(backend, quiet);
        return createStrategy(s.name, {}, { tf, tasks: ['t0', 't1', 't2'], random: createRandom(9) }) as GradientStrategy;
      };
      const ref = await make('cpu');
      const alphaRef = ref.combineGradients(exactGram, losses, [0, 1, 2]);
      ref.dispose?.();
      const gpu = await make('webgpu');
      const got = await onGpu((gram) => gpu.combineGradients(gram, losses, [0, 1, 2]));
      gpu.dispose?.();
      expect(got.alpha.every(Number.isFinite), `α ${got.alpha}`).toBe(true);
      expect(rel(got.alpha, alphaRef), `α ${got.alpha} vs ${alphaRef}`).toBeLessThan(1e-3);
      const expected = exactG[0].map((_, p) => got.alpha.reduce((sum, ai, i) => sum + ai * exactG[i][p], 0));
      expect(rel(got.combined, expected)).toBeLessThan(1e-4);
    });
  }
});
