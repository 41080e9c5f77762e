// The conv + 2 × 2 max-pool layer kernel (MtlConvPool: conv2d + bias, max-pool 2 × 2 at stride 2, relu before or after
// the pool or none, with its own per-input gradient) against the composed ops on the cpu backend — values and the
// gradients of x, filter and bias — on wasm (relaxed and plain SIMD builds, fallback) and cpu: MultiLeNet's two
// stages, odd spatial sizes (the pool drops the last row / column), 'same' padding, channel counts below and past a
// multiple of four, ties inside the windows (values on a coarse grid: every sum exact, so every backend sees the same
// ties); the tape still skips the input's gradient where nothing needs it, and then writes no dense gradient of the
// convolution's output (the filter and bias gradients come from the pooled gradient and the argmax alone).
import { beforeAll, describe, expect, it } from 'vitest';
import { onBackends, relError, setup, size, tf, values } from './helpers.js';
import { CONV_POOL, convPool } from '../../../electron/engine/kernels/conv-pool.js';

type Relu = 'none' | 'conv' | 'pool';
interface Case { x: [number, number, number, number]; f: [number, number, number, number]; pad: 'valid' | 'same'; grid?: number; note: string }

const CASES: Case[] = [
  { x: [3, 28, 28, 1], f: [5, 5, 1, 10], pad: 'valid', note: 'MultiLeNet conv1' },
  { x: [3, 12, 12, 10], f: [5, 5, 10, 20], pad: 'valid', note: 'MultiLeNet conv2' },
  { x: [7, 28, 28, 1], f: [5, 5, 1, 10], pad: 'valid', note: 'images in two chunks of the forward (5 + 2)' },
  { x: [5, 18, 18, 4], f: [3, 3, 4, 32], pad: 'valid', note: 'images in two chunks of the forward (4 + 1)' },
  { x: [2, 9, 11, 3], f: [3, 3, 3, 5], pad: 'valid', note: 'odd output 7 × 9, five channels (overlapping group)' },
  { x: [2, 7, 8, 2], f: [3, 3, 2, 4], pad: 'same', note: "'same', odd output rows" },
  { x: [2, 8, 9, 2], f: [3, 2, 2, 3], pad: 'valid', note: 'three channels (no SIMD group)' },
  { x: [2, 10, 10, 2], f: [3, 3, 2, 6], pad: 'valid', grid: 1, note: 'ties (values in {-1, 0, 1})' },
  { x: [2, 9, 9, 1], f: [2, 2, 1, 4], pad: 'valid', grid: 1, note: 'ties, one channel, odd output' },
];

function composed(x: tf.Tensor, f: tf.Tensor, b: tf.Tensor, c: Case, relu: Relu): tf.Tensor4D {
  let z = tf.add(tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 1, c.pad), b) as tf.Tensor4D;
  if (relu === 'conv') z = tf.relu(z);
  let y = tf.maxPool(z, 2, 2, 'valid');
  if (relu === 'pool') y = tf.relu(y);
  return y;
}

describe('conv + max-pool layer kernel matches the composed ops', () => {
  beforeAll(setup);
  for (const relu of ['none', 'conv', 'pool'] as Relu[]) {
    for (const [i, c] of CASES.entries()) {
      it(`relu ${relu}: ${c.note} (x ${c.x}, f ${c.f}, ${c.pad})`, async () => {
        const g = c.grid ?? 0;
        const xv = values(size(c.x), 11 + i, g);
        const fv = values(size(c.f), 31 + i, g);
        const bv = g ? new Float32Array(c.f[3]) : values(c.f[3], 51 + i);
        await tf.setBackend('cpu');
        const outShape = tf.tidy(() => composed(tf.zeros(c.x), tf.zeros(c.f), tf.zeros([c.f[3]]), c, relu).shape);
        const wv = values(size(outShape), 71 + i);
        const make = () => [tf.tensor4d(xv, c.x), tf.tensor4d(fv, c.f), tf.tensor1d(bv), tf.tensor(wv, outShape)] as const;
        const ref = tf.tidy(() => {
          const [x, f, b, w] = make();
          const gr = tf.grads((x: tf.Tensor, f: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(composed(x, f, b, c, relu), w)))([x, f, b]);
          return [composed(x, f, b, c, relu), ...gr].map((t) => t.dataSync().slice() as Float32Array);
        });
        const r = await onBackends(() => {
          const [x, f, b, w] = make();
          const fwd = (x: tf.Tensor, f: tf.Tensor, b: tf.Tensor) =>
            convPool(x as tf.Tensor4D, f as tf.Tensor4D, b as tf.Tensor1D, c.pad, relu !== 'none')!;
          const gr = tf.grads((x: tf.Tensor, f: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(fwd(x, f, b), w)))([x, f, b]);
          return [fwd(x, f, b), ...gr];
        });
        for (const [name, got] of Object.entries(r)) {
          ref.forEach((want, j) => expect(relError(want, got[j]), `${name} output ${j}`).toBeLessThan(g ? 1e-6 : 1e-4));
        }
      });
    }
  }

  it('skips the input gradient where only the variables need one, and leaves no tensors behind', async () => {
    await setup();
    await tf.setBackend('wasm');
    const x = tf.tensor4d(values(2 * 12 * 12 * 1, 1), [2, 12, 12, 1]);
    const f = tf.variable(tf.tensor4d(values(5 * 5 * 1 * 4, 2), [5, 5, 1, 4]));
    const b = tf.variable(tf.tensor1d(values(4, 3)));
    const before = tf.memory().numTensors;
    const p = await tf.profile(() => {
      const { value, grads } = tf.variableGrads(() => tf.sum(convPool(x, f, b, 'valid', true)!) as tf.Scalar);
      value.dispose();
      tf.dispose(Object.values(grads));
      return [] as tf.Tensor[];
    });
    const names = p.kernels.map((k) => k.name);
    expect(names).toContain(CONV_POOL);
    expect(names).not.toContain('Conv2DBackpropInput');
    expect(names).not.toContain('MaxPoolGrad');
    expect(names).not.toContain('MtlConvPoolGrad'); // no dense gradient of the convolution's output at all
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, f, b]);
    await tf.setBackend('cpu');
  });
});
