// Relu's gradient through MtlActGrad (one kernel instead of Step, Cast and Multiply) against tfjs-core's composed
// gradient on the cpu backend, on wasm (relaxed and plain SIMD builds, fallback) and cpu: values with zeros and
// ties at 0, several shapes; the kernels a relu's backward runs.
import { beforeAll, describe, expect, it } from 'vitest';
import { onBackends, relError, setup, size, tf, values } from './helpers.js';

describe("relu's gradient as one kernel", () => {
  beforeAll(setup);
  const shapes = [[256, 12, 12, 10], [7, 3], [5], [2, 4, 4, 20], [1, 1]];
  for (const [i, shape] of shapes.entries()) {
    it(`matches the composed gradient, shape ${shape}`, async () => {
      const xv = values(size(shape), 5 + i, 4); // a grid: many exact zeros
      const wv = values(size(shape), 9 + i);
      await tf.setBackend('cpu');
      const want = tf.tidy(() => {
        const x = tf.tensor(xv, shape);
        const w = tf.tensor(wv, shape);
        return tf.mul(w, tf.cast(tf.step(x), 'float32')).dataSync().slice() as Float32Array;
      });
      const r = await onBackends(() => {
        const x = tf.tensor(xv, shape);
        const w = tf.tensor(wv, shape);
        return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.relu(t), w)))(x);
      });
      for (const got of [r.cpu, r.wasm, r.wasmPlain, r.wasmFallback]) expect(relError(want, got[0])).toBe(0);
    });
  }

  it('runs one kernel instead of Step, Cast and Multiply', async () => {
    await setup();
    await tf.setBackend('wasm');
    const x = tf.tensor(values(64, 3), [8, 8]);
    const p = await tf.profile(() => tf.grad((t: tf.Tensor) => tf.sum(tf.relu(t)))(x));
    tf.dispose(p.result as tf.Tensor);
    const names = p.kernels.map((k) => k.name);
    expect(names).toContain('MtlActGrad');
    expect(names).not.toContain('Step');
    x.dispose();
    await tf.setBackend('cpu');
  });
});
