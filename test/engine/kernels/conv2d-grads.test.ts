// Conv2DBackpropFilter (added: wasm ships none) and Conv2DBackpropInput (replaced) against the
// cpu backend, over shapes, strides and every kind of padding, on both the SIMD path and the
// fallback path; and a conv layer's full gradients through tf.grads.
import { beforeAll, describe, expect, it } from 'vitest';
import { onBackends, setup, size, tf, values, worst } from './helpers.js';

type Pad = 'valid' | 'same' | number[][];
interface Case { x: [number, number, number, number]; f: [number, number, number, number]; s: number | [number, number]; pad: Pad }

const CASES: Case[] = [
  { x: [2, 9, 9, 3], f: [3, 3, 3, 4], s: 1, pad: 'valid' },
  { x: [2, 9, 9, 3], f: [3, 3, 3, 4], s: 1, pad: 'same' },
  { x: [3, 28, 28, 1], f: [5, 5, 1, 10], s: 1, pad: 'valid' }, // MultiLeNet conv1
  { x: [3, 12, 12, 10], f: [5, 5, 10, 20], s: 1, pad: 'valid' }, // MultiLeNet conv2
  { x: [2, 9, 8, 3], f: [3, 2, 3, 4], s: 2, pad: 'same' },
  { x: [2, 10, 10, 2], f: [5, 5, 2, 3], s: 3, pad: 'valid' }, // rows the forward never reads
  { x: [1, 11, 7, 2], f: [3, 3, 2, 5], s: [2, 1], pad: 'same' },
  { x: [2, 7, 7, 1], f: [2, 2, 1, 2], s: 2, pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
  { x: [1, 6, 6, 3], f: [1, 1, 3, 2], s: 2, pad: 'same' },
  { x: [2, 5, 5, 4], f: [5, 5, 4, 3], s: 1, pad: 'same' },
  { x: [1, 8, 8, 2], f: [3, 3, 2, 2], s: 1, pad: [[0, 0], [4, 4], [0, 3], [0, 0]] }, // padding wider than the filter
  { x: [2, 13, 13, 6], f: [4, 4, 6, 8], s: 3, pad: 'same' },
  { x: [4, 6, 6, 16], f: [3, 3, 16, 5], s: 1, pad: 'valid' },
  { x: [2, 9, 11, 1], f: [3, 4, 1, 13], s: [2, 3], pad: 'same' }, // one channel, 13 outputs
  { x: [1, 5, 5, 1], f: [5, 5, 1, 3], s: 1, pad: [[0, 0], [2, 1], [3, 0], [0, 0]] },
  { x: [1, 6, 7, 5], f: [2, 2, 5, 11], s: 1, pad: 'valid' }, // 30 pixels: blocks of four and two left; 8 + 3 outputs
  // one channel, stride 1, unpadded: pixels in the lanes (conv2d_c1_px), rows of 8 + a tail, channel groups of five
  { x: [2, 13, 14, 1], f: [3, 3, 1, 13], s: 1, pad: 'valid' }, // 12 = 8 + 4 tail pixels; 13 = 5 + 5 + 3 channels
  { x: [1, 9, 21, 1], f: [2, 5, 1, 3], s: 1, pad: 'valid' }, // 17 = 16 + 1; a partial group only
  { x: [2, 6, 12, 1], f: [1, 4, 1, 5], s: 1, pad: 'valid' }, // 9 = 8 + 1; exactly one group
  { x: [1, 5, 6, 1], f: [2, 2, 1, 4], s: 1, pad: 'valid' }, // rows shorter than eight: tail pixels only
];

function label(c: Case): string {
  return `x ${c.x} f ${c.f} stride ${c.s} pad ${JSON.stringify(c.pad)}`;
}

describe('wasm conv2d gradient kernels match the cpu backend', () => {
  beforeAll(setup);

  for (const [i, c] of CASES.entries()) {
    it(label(c), async () => {
      const xs = values(size(c.x), 11 + i);
      const ws = values(size(c.f), 101 + i);
      const conv = (x: tf.Tensor4D, w: tf.Tensor4D) => tf.conv2d(x, w, c.s, c.pad as any);
      const outShape = tf.tidy(() => conv(tf.zeros(c.x), tf.zeros(c.f)).shape);
      const weights = values(size(outShape), 1001 + i);
      // The forward value, then loss = Σ conv(x, w) · R, whose gradients are exactly
      // Conv2DBackpropInput/Filter of R.
      const r = await onBackends(() => {
        const f = (x: tf.Tensor4D, w: tf.Tensor4D) => tf.sum(tf.mul(conv(x, w), tf.tensor(weights, outShape)));
        const x = tf.tensor4d(xs, c.x);
        const w = tf.tensor4d(ws, c.f);
        return [conv(x, w), ...tf.grads(f as any)([x, w])];
      });
      expect(worst(r)).toBeLessThan(1e-4);
    });
  }

  it('the kernels themselves, with NCHW tensors', async () => {
    const x = [2, 3, 9, 8]; // NCHW
    const f = [3, 3, 3, 4];
    const dy = [2, 4, 5, 4]; // stride 2, same: ceil(9/2) = 5, ceil(8/2) = 4
    const xs = values(size(x), 5);
    const fs = values(size(f), 6);
    const dys = values(size(dy), 7);
    const r = await onBackends(() => [
      tf.engine().runKernel('Conv2DBackpropFilter', { x: tf.tensor(xs, x), dy: tf.tensor(dys, dy) },
        { strides: 2, pad: 'same', dataFormat: 'NCHW', filterShape: f }) as tf.Tensor,
      tf.engine().runKernel('Conv2DBackpropInput', { dy: tf.tensor(dys, dy), filter: tf.tensor(fs, f) },
        { strides: 2, pad: 'same', dataFormat: 'NCHW', inputShape: x }) as tf.Tensor,
    ]);
    expect(worst(r)).toBeLessThan(1e-4);
  });

  it('a conv layer stack trains to the same gradients (tf.layers, tf.variableGrads)', async () => {
    const xs = values(2 * 16 * 16 * 2, 3);
    const ys = values(2 * 3, 4);
    const r = await onBackends(() => {
      const model = tf.sequential({
        layers: [
          tf.layers.conv2d({ inputShape: [16, 16, 2], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
          tf.layers.maxPooling2d({ poolSize: 2 }),
          tf.layers.conv2d({ filters: 6, kernelSize: 3, strides: 2, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }), biasInitializer: 'ones' }),
          tf.layers.flatten(),
          tf.layers.dense({ units: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
        ],
      });
      const x = tf.tensor4d(xs, [2, 16, 16, 2]);
      const y = tf.tensor2d(ys, [2, 3]);
      const vars = model.trainableWeights.map((w) => (w as any).val as tf.Variable);
      const { value, grads } = tf.variableGrads(() => tf.losses.meanSquaredError(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar, vars);
      const out = [value, ...vars.map((v) => grads[v.name])];
      model.dispose();
      return out;
    });
    expect(r.cpu.length).toBe(7); // loss + 3 kernels + 3 biases
    expect(worst(r)).toBeLessThan(1e-4);
  });
});

describe('sparse convolution gradients (dy mostly zeros, as after a max-pool)', () => {
  beforeAll(setup);
  const cases: Case[] = [
    { x: [3, 12, 12, 10], f: [5, 5, 10, 20], s: 1, pad: 'valid' },
    { x: [2, 11, 9, 6], f: [3, 3, 6, 7], s: 2, pad: 'same' },
    { x: [2, 8, 8, 5], f: [3, 2, 5, 4], s: [1, 3], pad: [[0, 0], [2, 0], [1, 1], [0, 0]] },
    // The list kernels (NOTES item 35): rows of fw·ci values summed in registers, every length class.
    { x: [3, 28, 28, 1], f: [5, 5, 1, 10], s: 1, pad: 'valid' }, // MultiLeNet conv1: five rows of 5 at once
    { x: [2, 14, 13, 3], f: [5, 2, 3, 6], s: 1, pad: 'valid' }, // five rows of 6 (overlapping groups), ci < 4
    { x: [2, 10, 10, 4], f: [5, 2, 4, 5], s: 1, pad: 'valid' }, // five rows of 8
    { x: [2, 9, 9, 7], f: [3, 5, 7, 9], s: 2, pad: 'valid' }, // rows of 35: 32 + an overlapping group; stride 2
    { x: [2, 9, 8, 7], f: [3, 2, 7, 5], s: [2, 1], pad: 'valid' }, // rows of 14
    { x: [2, 7, 7, 13], f: [2, 4, 13, 5], s: 1, pad: 'valid' }, // rows of 52: thirteen groups
    { x: [2, 6, 6, 17], f: [2, 3, 17, 3], s: 1, pad: 'valid' }, // rows of 51: thirteen, the last overlapping
    { x: [1, 6, 6, 2], f: [2, 1, 2, 4], s: 1, pad: 'valid' }, // rows of 2: scalar
    { x: [2, 6, 7, 9], f: [1, 1, 9, 3], s: 1, pad: 'valid' }, // rows of 9: 8 + an overlapping group
    { x: [2, 9, 9, 4], f: [3, 3, 4, 6], s: 1, pad: 'same' }, // padded: the input gradient's list kernel at the edges
    { x: [2, 10, 9, 6], f: [4, 3, 6, 5], s: 3, pad: 'same' }, // padded, stride 3
  ];
  for (const [i, c] of cases.entries()) {
    it(`${label(c)}: a max-pool's gradient through the convolution`, async () => {
      const xs = values(size(c.x), 71 + i);
      const ws = values(size(c.f), 81 + i);
      const r = await onBackends(() => {
        // 'valid' pooling: at most one in four of dy non-zero (odd edges dropped), under the sparse paths' 30 %.
        const f = (x: tf.Tensor4D, w: tf.Tensor4D) => tf.sum(tf.square(tf.maxPool(tf.conv2d(x, w, c.s, c.pad as any), 2, 2, 'valid')));
        return tf.grads(f as any)([tf.tensor4d(xs, c.x), tf.tensor4d(ws, c.f)]);
      });
      expect(worst(r)).toBeLessThan(1e-4);
    });
  }
});
