// The wasm Softmax (one SIMD pass per row) and its one-kernel gradient against the cpu backend (tfjs's own kernel
// and gradient ops), on the relaxed and plain SIMD builds and the fallback; other axes and dtypes keep the
// backend's kernel; the gradient on cpu is still tfjs's.
import { beforeAll, describe, expect, it } from 'vitest';
import { onBackends, relError, setup, size, tf, values, worst } from './helpers.js';

describe('wasm Softmax and its gradient match the cpu backend', () => {
  beforeAll(setup);
  const cases: [number[], number][] = [
    [[1024, 8], 3], // MMoE's gate logits
    [[7, 3], 3], // fewer than four columns
    [[5, 13], 10], // three groups of four and one more
    [[2, 3, 6], 5],
    [[4, 1], 1],
    [[3, 9], 40], // logits in ±40: exponentials from ~1e-35 to 1
    [[3, 70], 2], // 64 values or more: the backend's kernel forward, ours backward
  ];
  for (const [i, [shape, scale]] of cases.entries()) {
    it(`${JSON.stringify(shape)} × ${scale}`, async () => {
      const x = values(size(shape), 31 + i).map((v) => v * scale);
      const w = values(size(shape), 61 + i);
      const r = await onBackends(() => {
        const t = tf.tensor(x, shape);
        const f = (a: tf.Tensor) => tf.sum(tf.mul(tf.softmax(a), tf.tensor(w, shape))) as tf.Scalar;
        return [tf.softmax(t), tf.grad(f)(t)];
      });
      expect(worst(r)).toBeLessThan(2e-6);
    });
  }

  it('underflow, −∞ and equal logits', async () => {
    const x = [0, -200, -Infinity, 1, /* row 2 */ 5, 5, 5, 5, /* row 3 */ 88, 0, -88, -87];
    const r = await onBackends(() => tf.softmax(tf.tensor2d(x, [3, 4])));
    for (const got of [r.wasm, r.wasmPlain, r.wasmFallback]) {
      expect(relError(r.cpu[0], got[0])).toBeLessThan(2e-6);
      expect(got[0][1]).toBe(0); // e^-200 underflows to 0, as on cpu
      expect(got[0][2]).toBe(0);
    }
    expect(Array.from(r.wasm[0].slice(4, 8))).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it('NaN in a row makes the row NaN, as on cpu', async () => {
    const r = await onBackends(() => tf.softmax(tf.tensor2d([1, NaN, 2, 3, 0, 1], [2, 3])));
    expect(Array.from(r.wasm[0].slice(0, 3)).every(Number.isNaN)).toBe(true);
    expect(relError(r.cpu[0].slice(3), r.wasm[0].slice(3))).toBeLessThan(2e-6);
  });

  it('int32 logits and an empty tensor still work', async () => {
    const r = await onBackends(() => [tf.softmax(tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32').toFloat()), tf.softmax(tf.zeros([0, 4]))]);
    expect(worst(r)).toBeLessThan(2e-6);
  });
});
