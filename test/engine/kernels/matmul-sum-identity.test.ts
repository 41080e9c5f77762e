// The replaced BatchMatMul (transposes, batched and broadcast products), Sum (over all but the
// last axis) and Identity (shares data instead of copying) against the cpu backend, and the
// unfused-while-training path of tf.fused.conv2d / tf.fused.matMul; the bias Add and the non-zero count.
import { beforeAll, describe, expect, it } from 'vitest';
import { onBackends, setup, size, tf, values, worst } from './helpers.js';
import { ptr, simdKernels } from '../../../electron/engine/kernels/simd.js';
import type { Backend } from '../../../electron/engine/kernels/wasm-util.js';

describe('wasm BatchMatMul matches the cpu backend', () => {
  beforeAll(setup);
  const cases: [number[], number[], boolean, boolean][] = [
    [[37, 23], [23, 11], false, false],
    [[23, 37], [23, 11], true, false], // a dense layer's weight gradient
    [[37, 23], [11, 23], false, true], // a dense layer's input gradient
    [[23, 37], [11, 23], true, true],
    [[100, 64], [100, 8], true, false], // small transposed product: SIMD path
    [[7, 1, 8], [7, 8, 16], false, false], // MMoE mixture
    [[7, 1, 8], [7, 1, 16], true, false],
    [[7, 1, 16], [7, 8, 16], false, true],
    [[2, 3, 5, 4], [2, 3, 5, 6], true, false],
    [[1, 3, 4], [5, 4, 2], false, false], // broadcast a
    [[5, 3, 4], [2, 4], false, true], // broadcast b
    [[4, 3, 5], [4, 6, 3], true, true],
    [[2, 1, 3, 4], [1, 5, 4, 2], false, false], // broadcast on both sides: the backend's own kernel
    [[6, 19], [19, 13], false, false], // four-row blocks with two rows left, 8 + 4 + 1 columns
    [[19, 7], [19, 13], true, false],
    [[3, 1, 9], [3, 9, 12], false, false],
    // weight gradients with the batch axis in chunks of 64 accumulated (3 chunks, the last partial), column tails
    // of 8 + 4 + an overlapping last four (13, 50) and of fewer than four (3)
    [[150, 37], [150, 13], true, false],
    [[130, 9], [130, 50], true, false],
    [[70, 5], [70, 3], true, false],
    [[2, 3, 70, 6], [2, 3, 70, 7], true, false],
    [[9, 20], [20, 50], false, false],
  ];
  for (const [i, [sa, sb, ta, tb]] of cases.entries()) {
    it(`${JSON.stringify(sa)}${ta ? 'ᵀ' : ''} · ${JSON.stringify(sb)}${tb ? 'ᵀ' : ''}`, async () => {
      const a = values(size(sa), 3 + i);
      const b = values(size(sb), 300 + i);
      const r = await onBackends(() => tf.matMul(tf.tensor(a, sa), tf.tensor(b, sb), ta, tb));
      expect(worst(r)).toBeLessThan(1e-5);
    });
  }
});

describe('wasm Sum matches the cpu backend', () => {
  beforeAll(setup);
  const cases: [number[], number | number[] | undefined, boolean][] = [
    [[6, 5, 4, 10], [0, 1, 2], false], // a bias gradient
    [[6, 5, 4, 10], [0, 1, 2], true],
    [[300, 37], 0, false],
    [[300, 37], [0], true],
    [[9, 6], 0, false], // rows past the fours, an overlapping last column group
    [[7, 3], 0, false],
    [[3, 4, 5], [0, 2], false], // not all-but-last: the backend's own kernel
    [[3, 4, 5], undefined, false],
    [[3, 4, 5], -1, false],
  ];
  for (const [i, [shape, axis, keep]] of cases.entries()) {
    it(`${JSON.stringify(shape)} axis ${JSON.stringify(axis)} keepDims ${keep}`, async () => {
      const x = values(size(shape), 9 + i);
      const r = await onBackends(() => tf.sum(tf.tensor(x, shape), axis, keep));
      expect(worst(r)).toBeLessThan(1e-5);
      await tf.setBackend('wasm');
      expect(tf.tidy(() => tf.sum(tf.tensor(x, shape), axis, keep).shape)).toEqual(tf.tidy(() => {
        const t = tf.tensor(x, shape);
        return tf.mean(t, axis, keep).shape;
      }));
      await tf.setBackend('cpu');
    });
  }
});

describe('wasm Identity shares data and stays correct', () => {
  beforeAll(setup);
  it('a clone outlives its source and no memory leaks', async () => {
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    const a = tf.tensor([1, 2, 3, 4], [2, 2]);
    const b = tf.clone(a);
    a.dispose();
    expect(Array.from(b.dataSync())).toEqual([1, 2, 3, 4]);
    b.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect((tf.backend() as any).numDataIds()).toBeGreaterThanOrEqual(0);
    await tf.setBackend('cpu');
  });

  it('gradients that save tensors for the backward pass are unchanged', async () => {
    const x = values(4 * 9, 1);
    const r = await onBackends(() => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.sigmoid(t), tf.exp(t))))(tf.tensor(x, [4, 9])));
    expect(worst(r)).toBeLessThan(1e-5);
  });
});

describe('fused conv and matMul run unfused while gradients are recorded', () => {
  beforeAll(setup);
  it('same values and gradients as the fused ops, on cpu and wasm', async () => {
    const xs = values(2 * 8 * 8 * 3, 5);
    const ws = values(3 * 3 * 3 * 4, 6);
    const bs = values(4, 7);
    const ms = values(4 * 5, 8);
    const r = await onBackends(() => {
      const f = (x: tf.Tensor4D, w: tf.Tensor4D, b: tf.Tensor1D, m: tf.Tensor2D) => {
        const y = tf.fused.conv2d({ x, filter: w, strides: 1, pad: 'same', bias: b, activation: 'relu' });
        const z = tf.fused.matMul({ a: y.reshape([-1, 4]), b: m, activation: 'elu' });
        return tf.sum(tf.square(z));
      };
      const args = [tf.tensor4d(xs, [2, 8, 8, 3]), tf.tensor4d(ws, [3, 3, 3, 4]), tf.tensor1d(bs), tf.tensor2d(ms, [4, 5])];
      const { value, grads } = tf.valueAndGrads(f as any)(args);
      const inference = f(...(args as [any, any, any, any]));
      return [value, inference, ...grads];
    });
    expect(worst(r)).toBeLessThan(1e-4);
    // forward value under gradient recording = the fused inference value
    expect(Math.abs(r.wasm[0][0] - r.wasm[1][0]) / Math.abs(r.wasm[1][0])).toBeLessThan(1e-5);
  });
});

describe('wasm Slice, Unpack, GatherV2, Concat and Pack match the cpu backend', () => {
  beforeAll(setup);
  it('slices of every rank, unstacks, gathers, concatenations and stacks on every axis', async () => {
    const x = values(3 * 4 * 5 * 6, 17);
    const r = await onBackends(() => {
      const t = tf.tensor(x, [3, 4, 5, 6]);
      const idx = tf.tensor1d([2, 0, 2, 1], 'int32');
      return [
        tf.slice(t, [1, 0, 2, 1], [2, 3, 3, 4]),
        tf.slice(t.reshape([12, 30]), [3, 5], [4, 10]),
        tf.slice(t.reshape([360]), [7], [100]),
        tf.slice(t, [0, 1, 0, 0], [-1, 1, -1, -1]),
        ...tf.unstack(t, 0),
        ...tf.unstack(t, 2),
        ...tf.unstack(t, 3),
        tf.gather(t, idx, 0),
        tf.gather(t, idx, 1),
        tf.gather(t, tf.tensor2d([[4, 0], [1, 1]], [2, 2], 'int32'), 3),
        tf.gather(tf.tensor1d([5, -1, 7], 'int32'), idx).toFloat(), // -1: an int32 whose bits are a float NaN
        // the batch gather's row lengths: 7 (four + three), 64 (memory.copy), 100; int32 rows of 5 with -1 (NaN bits)
        tf.gather(tf.tensor2d(values(10 * 7, 18), [10, 7]), tf.tensor1d([9, 0, 3, 3, 7], 'int32')),
        tf.gather(tf.tensor2d(values(10 * 64, 19), [10, 64]), idx),
        tf.gather(tf.tensor2d(values(6 * 100, 20), [6, 100]), tf.tensor1d([5, 1, 1, 0, 4, 2, 3], 'int32')),
        tf.gather(tf.tensor2d([1, -1, 2, -2, 3, 4, 5, -1, 6, 7], [2, 5], 'int32'), tf.tensor1d([1, 0, 1], 'int32')).toFloat(),
        tf.slice(tf.tensor1d([-1, -2, -3, -4], 'int32'), [1], [2]).toFloat(),
        tf.stridedSlice(t, [0, 1, 0, 0], [3, 4, 5, 6], [2, 1, 2, 3]),
        tf.concat([t, t.mul(2)], 0),
        tf.concat([t, tf.slice(t, [0, 0, 0, 0], [3, 4, 5, 2]), t], 3),
        tf.concat([t.reshape([3, 120]), t.reshape([3, 120]).add(1)], 1),
        tf.stack([t, t.add(1), t.add(2)], 0),
        tf.stack([t, t.add(1)], 2),
        tf.stack([t, t.add(1)], 4),
        tf.stack([tf.scalar(1), tf.scalar(2)]),
        tf.stack([tf.tensor1d([1, 2], 'int32'), tf.tensor1d([3, 4], 'int32')], 1).toFloat(),
      ];
    });
    expect(worst(r)).toBeLessThan(1e-6);
  });

  it('an out-of-range gather index throws, as on cpu', async () => {
    await tf.setBackend('wasm');
    expect(() => tf.gather(tf.tensor1d([1, 2, 3]), tf.tensor1d([3], 'int32'))).toThrow(/not in/);
    await tf.setBackend('cpu');
  });
});

describe('wasm bias Add (a vector along the last axis) matches the cpu backend', () => {
  beforeAll(setup);
  for (const shape of [[6, 24, 10], [5, 3], [7, 4], [3, 13], [1, 1]]) {
    it(`[${shape}] + [${shape[shape.length - 1]}]`, async () => {
      const x = values(size(shape), 21);
      const b = values(shape[shape.length - 1], 22);
      const r = await onBackends(() => [tf.add(tf.tensor(x, shape), tf.tensor1d(b)), tf.add(tf.tensor1d(b), tf.tensor(x, shape))]);
      expect(worst(r)).toBe(0);
    });
  }
});

describe('the wasm non-zero count', () => {
  beforeAll(setup);
  it('counts every value that is not ±0, NaN included, over vector groups and a tail', async () => {
    await tf.setBackend('wasm');
    try {
      const backend = tf.backend() as unknown as Backend;
      const v = new Float32Array(23);
      [0, 3, 4, 9, 22].forEach((i) => (v[i] = 1.5));
      v[7] = NaN;
      v[8] = -0;
      v[15] = -2;
      const t = tf.tensor1d(v);
      expect(simdKernels(backend)!.count_nonzero(ptr(backend, t), 23)).toBe(7);
      expect(simdKernels(backend)!.count_nonzero(ptr(backend, t), 5)).toBe(3);
      t.dispose();
    } finally {
      await tf.setBackend('cpu');
    }
  });
});
