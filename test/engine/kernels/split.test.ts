// The replaced SplitV (the gradient of Concat, e.g. MMoE's experts joined into one product)
// against the cpu backend, with SIMD kernels on and off, int32 too.
import { beforeAll, describe, expect, it } from 'vitest';
import { onBackends, setup, size, tf, values, worst } from './helpers.js';

describe('wasm SplitV matches the cpu backend', () => {
  beforeAll(setup);
  const cases: [number[], number | number[], number][] = [
    [[100, 128], 8, 1], // MMoE: 8 experts' kernel gradients
    [[128], [16, 16, 32, 64], 0], // their bias gradients, uneven
    [[5, 6, 7], [2, 4], 1],
    [[5, 6, 7], [3, -1], 2],
    [[4, 9], [0, 9], 1], // an empty piece
    [[6, 3], 3, 0],
  ];
  for (const [i, [shape, split, axis]] of cases.entries()) {
    it(`${JSON.stringify(shape)} split ${JSON.stringify(split)} on axis ${axis}`, async () => {
      const x = values(size(shape), 21 + i);
      const r = await onBackends(() => tf.split(tf.tensor(x, shape), split, axis));
      expect(r.wasm.length).toBe(Array.isArray(split) ? split.length : split);
      expect(worst(r)).toBe(0);
    });
  }

  it('splits int32 exactly and gives the gradient of concat', async () => {
    const r = await onBackends(() => tf.split(tf.tensor([1, 2, 3, 4, 5, 6, 7, 8], [2, 4], 'int32'), [1, 3], 1));
    expect(r.wasm.map((a) => Array.from(a))).toEqual([[1, 5], [2, 3, 4, 6, 7, 8]]);
    const g = await onBackends(() => {
      const a = tf.tensor(values(12, 5), [3, 4]);
      const b = tf.tensor(values(6, 6), [3, 2]);
      const [ga, gb] = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.concat([p, q], 1).square().sum())([a, b]);
      return [ga, gb];
    });
    expect(worst(g)).toBeLessThan(1e-6);
  });
});
