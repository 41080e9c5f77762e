// MaxPoolGrad (replaced) and the depthwise convolution gradients (added: wasm ships neither)
// against the cpu backend. Max pooling is also checked on inputs full of ties (rounded values,
// relu zeros): the gradient must go to the same position of each window as on cpu.
import { beforeAll, describe, expect, it } from 'vitest';
import { onBackends, setup, size, tf, values, worst } from './helpers.js';

describe('wasm MaxPoolGrad matches the cpu backend', () => {
  beforeAll(setup);
  const cases: { x: [number, number, number, number]; k: number | [number, number]; s: number | [number, number]; pad: 'valid' | 'same' | number; grid: number }[] = [
    { x: [3, 24, 24, 10], k: 2, s: 2, pad: 'valid', grid: 0 }, // MultiLeNet pool 1
    { x: [3, 8, 8, 20], k: 2, s: 2, pad: 'valid', grid: 0 },
    { x: [2, 7, 7, 5], k: 3, s: 2, pad: 'same', grid: 0 },
    { x: [2, 9, 6, 3], k: 3, s: 1, pad: 'same', grid: 0 }, // overlapping windows
    { x: [2, 8, 8, 6], k: [2, 3], s: [1, 2], pad: 'valid', grid: 0 },
    { x: [2, 6, 6, 7], k: 2, s: 2, pad: 'valid', grid: 2 }, // many ties
    { x: [2, 8, 8, 10], k: 2, s: 2, pad: 'valid', grid: 2 }, // MultiLeNet's 10 channels: an overlapping last group, ties
    { x: [1, 10, 10, 9], k: 3, s: 3, pad: 'same', grid: 1 },
    { x: [2, 5, 5, 4], k: 4, s: 1, pad: 1, grid: 3 },
    // windows that tile the input (dx written window by window, NOTES item 45)
    { x: [2, 9, 7, 6], k: 2, s: 2, pad: 'valid', grid: 0 }, // a row and a column no window covers
    { x: [2, 9, 9, 5], k: 3, s: 3, pad: 'valid', grid: 2 }, // 3 × 3 tiles, ties, an overlapping last group
    { x: [1, 8, 9, 4], k: [2, 3], s: [2, 3], pad: 'valid', grid: 1 },
    { x: [2, 8, 8, 12], k: 2, s: 2, pad: 'same', grid: 2 }, // 'same' that pads nothing
    { x: [2, 6, 6, 3], k: 2, s: 2, pad: 'valid', grid: 2 }, // fewer than four channels: the general kernel
  ];
  for (const [i, c] of cases.entries()) {
    it(`x ${c.x} pool ${c.k} stride ${c.s} pad ${c.pad}${c.grid ? ' with ties' : ''}`, async () => {
      const xs = values(size(c.x), 21 + i, c.grid);
      const r = await onBackends(() => {
        const x = tf.tensor4d(xs, c.x);
        const f = (t: tf.Tensor4D) => {
          const y = tf.maxPool(c.grid ? tf.relu(t) : t, c.k, c.s, c.pad);
          return tf.sum(tf.mul(y, tf.tensor(values(size(y.shape), 77 + i), y.shape)));
        };
        return tf.grad(f as any)(x);
      });
      expect(worst(r)).toBeLessThan(1e-4);
    });
  }
});

describe('wasm depthwise convolution gradients match the cpu backend', () => {
  beforeAll(setup);
  const cases: { x: [number, number, number, number]; f: [number, number, number, number]; s: number; pad: 'valid' | 'same' }[] = [
    { x: [2, 8, 8, 3], f: [3, 3, 3, 1], s: 1, pad: 'same' },
    { x: [2, 9, 9, 4], f: [3, 3, 4, 2], s: 2, pad: 'valid' },
    { x: [1, 7, 10, 2], f: [5, 3, 2, 3], s: 2, pad: 'same' },
    { x: [3, 6, 6, 5], f: [1, 1, 5, 1], s: 1, pad: 'valid' },
  ];
  for (const [i, c] of cases.entries()) {
    it(`x ${c.x} f ${c.f} stride ${c.s} pad ${c.pad}`, async () => {
      const xs = values(size(c.x), 31 + i);
      const ws = values(size(c.f), 41 + i);
      const r = await onBackends(() => {
        const f = (x: tf.Tensor4D, w: tf.Tensor4D) => {
          const y = tf.depthwiseConv2d(x, w, c.s, c.pad);
          return tf.sum(tf.mul(y, tf.tensor(values(size(y.shape), 51 + i), y.shape)));
        };
        return tf.grads(f as any)([tf.tensor4d(xs, c.x), tf.tensor4d(ws, c.f)]);
      });
      expect(worst(r)).toBeLessThan(1e-4);
    });
  }

  it('the kernels themselves with dilation 2 (unreachable through tf.grads, which refuses dilations)', async () => {
    const x = [2, 9, 9, 3];
    const f = [3, 3, 3, 2];
    const dy = [2, 5, 5, 6]; // valid, dilation 2: effective filter 5 → 9 − 5 + 1 = 5
    const xs = values(size(x), 61);
    const fs = values(size(f), 62);
    const dys = values(size(dy), 63);
    const attrs = { strides: 1, dilations: 2, pad: 'valid' };
    const r = await onBackends(() => [
      tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x: tf.tensor(xs, x), dy: tf.tensor(dys, dy) }, { ...attrs, filterShape: f }) as tf.Tensor,
      tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy: tf.tensor(dys, dy), filter: tf.tensor(fs, f) }, { ...attrs, inputShape: x }) as tf.Tensor,
    ]);
    // cpu's backprop kernels do not honour dilations, so check wasm against an independent reference:
    // <dy, depthwise(x, w)> is linear in w and in x, and its gradients are what the kernels return.
    const ref = await onBackends(() => {
      const g = (xx: tf.Tensor4D, ww: tf.Tensor4D) => tf.sum(tf.mul(tf.depthwiseConv2d(xx, ww, 1, 'valid', 'NHWC', 2), tf.tensor(dys, dy)));
      // numerical gradients are too coarse; use linearity: dW[i] = g(x, e_i), dx[j] = g(e_j, w).
      const dW = Array.from({ length: size(f) }, (_, i) => {
        const e = new Float32Array(size(f));
        e[i] = 1;
        return g(tf.tensor4d(xs, x as any), tf.tensor4d(e, f as any));
      });
      const dX = Array.from({ length: size(x) }, (_, j) => {
        const e = new Float32Array(size(x));
        e[j] = 1;
        return g(tf.tensor4d(e, x as any), tf.tensor4d(fs, f as any));
      });
      return [tf.stack(dW), tf.stack(dX)];
    });
    const wasmDW = r.wasm[0];
    const refDW = ref.cpu[0];
    let err = 0;
    let den = 0;
    for (let i = 0; i < refDW.length; i++) {
      err = Math.max(err, Math.abs(refDW[i] - wasmDW[i]));
      den = Math.max(den, Math.abs(refDW[i]));
    }
    expect(err / den).toBeLessThan(1e-4);
    const refDX = ref.cpu[1];
    for (const got of [r.wasm[1], r.wasmFallback[1]]) {
      let e = 0;
      let d = 0;
      for (let j = 0; j < refDX.length; j++) {
        e = Math.max(e, Math.abs(refDX[j] - got[j]));
        d = Math.max(d, Math.abs(refDX[j]));
      }
      expect(e / d).toBeLessThan(1e-4);
    }
  });
});
