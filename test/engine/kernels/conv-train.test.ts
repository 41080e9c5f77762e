// The fused conv layer used while training (one kernel, act(conv2d(x, filter) + bias), with its own per-input
// gradient and the filter and bias gradients from one call) against the composed ops on the cpu backend — values
// and the gradients of x, filter and bias — on wasm (relaxed and plain SIMD builds, fallback) and cpu; dense and
// sparse (through a max-pool) output gradients; tf.fused.conv2d under gradient recording takes it; the tape still
// skips the input's gradient where nothing needs it.
import { beforeAll, describe, expect, it } from 'vitest';
import { onBackends, relError, setup, size, tf, values } from './helpers.js';
import { convTrain, type ConvActivation } from '../../../electron/engine/kernels/conv-train.js';
import { installUnfusedTrainingOps } from '../../../electron/engine/kernels/unfused-training.js';

type Pad = 'valid' | 'same' | number;
interface Case { x: [number, number, number, number]; f: [number, number, number, number]; s: number | [number, number]; pad: Pad; pool: boolean }

const CASES: Case[] = [
  { x: [3, 28, 28, 1], f: [5, 5, 1, 10], s: 1, pad: 'valid', pool: true }, // MultiLeNet conv1 (one channel, bias padded to 12)
  { x: [3, 12, 12, 10], f: [5, 5, 10, 20], s: 1, pad: 'valid', pool: true }, // MultiLeNet conv2 (implicit im2col with bias)
  { x: [2, 9, 9, 3], f: [3, 3, 3, 4], s: 1, pad: 'same', pool: false }, // padded, several channels: XNNPACK + bias add
  { x: [2, 11, 9, 1], f: [3, 4, 1, 13], s: [2, 3], pad: 'same', pool: false }, // one channel, 13 outputs, padded, strided
  { x: [1, 6, 7, 5], f: [2, 2, 5, 11], s: 1, pad: 'valid', pool: false }, // 30 pixels, 8 + 3 outputs, dense dy
  { x: [2, 10, 10, 6], f: [3, 3, 6, 7], s: 2, pad: 'valid', pool: true },
  { x: [2, 13, 14, 1], f: [3, 3, 1, 13], s: 1, pad: 'valid', pool: false }, // pixels in the lanes, bias in 5 + 5 + 3 groups
];

function label(c: Case): string {
  return `x ${c.x} f ${c.f} stride ${c.s} pad ${c.pad}${c.pool ? ', through a max-pool' : ''}`;
}

function head(y: tf.Tensor4D, c: Case, w: tf.Tensor): tf.Scalar {
  const z = c.pool ? tf.maxPool(y, 2, 2, 'valid') : y;
  return tf.sum(tf.mul(z, w)) as tf.Scalar;
}

describe('fused conv layer matches the composed ops', () => {
  beforeAll(setup);
  for (const act of ['linear', 'relu'] as ConvActivation[]) {
    for (const [i, c] of CASES.entries()) {
      it(`${act}: ${label(c)}`, async () => {
        const xv = values(size(c.x), 11 + i);
        const fv = values(size(c.f), 31 + i);
        const bv = values(c.f[3], 51 + i);
        await tf.setBackend('cpu');
        const outShape = tf.tidy(() => {
          const y = tf.conv2d(tf.zeros(c.x) as tf.Tensor4D, tf.zeros(c.f) as tf.Tensor4D, c.s, c.pad);
          return (c.pool ? tf.maxPool(y, 2, 2, 'valid') : y).shape;
        });
        const wv = values(size(outShape), 71 + i);
        const make = () => [tf.tensor4d(xv, c.x), tf.tensor4d(fv, c.f), tf.tensor1d(bv), tf.tensor(wv, outShape)] as const;
        const ref = tf.tidy(() => {
          const [x, f, b, w] = make();
          const fwd = (x: tf.Tensor, f: tf.Tensor, b: tf.Tensor) => {
            const y = tf.add(tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, c.s, c.pad), b) as tf.Tensor4D;
            return act === 'relu' ? tf.relu(y) : y;
          };
          const g = tf.grads((x: tf.Tensor, f: tf.Tensor, b: tf.Tensor) => head(fwd(x, f, b), c, w))([x, f, b]);
          return [fwd(x, f, b), ...g].map((t) => t.dataSync().slice() as Float32Array);
        });
        const r = await onBackends(() => {
          const [x, f, b, w] = make();
          const fwd = (x: tf.Tensor, f: tf.Tensor, b: tf.Tensor) =>
            convTrain({ x: x as tf.Tensor4D, filter: f as tf.Tensor4D, bias: b, strides: c.s, pad: c.pad, activation: act })!;
          const g = tf.grads((x: tf.Tensor, f: tf.Tensor, b: tf.Tensor) => head(fwd(x, f, b), c, w))([x, f, b]);
          return [fwd(x, f, b), ...g];
        });
        for (const got of [r.cpu, r.wasm, r.wasmPlain, r.wasmFallback]) {
          ref.forEach((want, j) => expect(relError(want, got[j]), `output ${j}`).toBeLessThan(1e-4));
        }
      });
    }
  }

  it('is what tf.fused.conv2d runs while recording, and the input gradient is skipped where not needed', async () => {
    await setup();
    installUnfusedTrainingOps();
    await tf.setBackend('wasm');
    const x = tf.tensor4d(values(2 * 8 * 8 * 1, 1), [2, 8, 8, 1]);
    const f = tf.variable(tf.tensor4d(values(3 * 3 * 1 * 4, 2), [3, 3, 1, 4]));
    const b = tf.variable(tf.tensor1d(values(4, 3)));
    const kernels = async (withInput: boolean) => {
      const conv = (t: tf.Tensor) => tf.fused.conv2d({ x: t as tf.Tensor4D, filter: f, bias: b, strides: 1, pad: 'valid', activation: 'relu' });
      const p = await tf.profile(() => (withInput
        ? tf.grads((t: tf.Tensor) => tf.sum(conv(t)))([x])
        : Object.values(tf.variableGrads(() => tf.sum(conv(x)) as tf.Scalar, [f, b]).grads)));
      tf.dispose(p.result as tf.Tensor[]);
      return p.kernels.map((k) => k.name);
    };
    const paramsOnly = await kernels(false);
    expect(paramsOnly).toContain('MtlConv2D');
    expect(paramsOnly).toContain('MtlConv2DBackpropFilterBias');
    expect(paramsOnly).not.toContain('Conv2DBackpropInput');
    expect(paramsOnly).not.toContain('Add');
    const inputOnly = await kernels(true);
    expect(inputOnly).toContain('Conv2DBackpropInput');
    tf.dispose([x, f, b]);
    await tf.setBackend('cpu');
  });

  it('leaves no tensors behind when only the variables\' gradients are taken (a first layer)', async () => {
    await setup();
    await tf.setBackend('wasm');
    const x = tf.tensor4d(values(2 * 12 * 12 * 1, 7), [2, 12, 12, 1]);
    const f = tf.variable(tf.tensor4d(values(5 * 5 * 1 * 10, 8), [5, 5, 1, 10]));
    const b = tf.variable(tf.tensor1d(values(10, 9)));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.maxPool(convTrain({ x, filter: f, bias: b, strides: 1, pad: 'valid', activation: 'relu' })!, 2, 2, 'valid')) as tf.Scalar, [f, b]);
      tf.dispose([value, ...Object.values(grads)]);
    }
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, f, b]);
    await tf.setBackend('cpu');
  });

  it('leaves no tensors behind when only the input gradient is taken', async () => {
    await setup();
    await tf.setBackend('wasm');
    const x = tf.tensor4d(values(2 * 8 * 8 * 3, 4), [2, 8, 8, 3]);
    const f = tf.tensor4d(values(3 * 3 * 3 * 4, 5), [3, 3, 3, 4]);
    const b = tf.tensor1d(values(4, 6));
    const before = tf.memory().numTensors;
    const [dx] = tf.grads((t: tf.Tensor) => tf.sum(convTrain({ x: t as tf.Tensor4D, filter: f, bias: b, strides: 1, pad: 'valid' })!))([x]);
    dx.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, f, b]);
    await tf.setBackend('cpu');
  });
});
