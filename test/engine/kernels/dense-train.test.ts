// The fused dense layer used while training (one kernel, act(a·b + bias), with its own per-input gradient)
// against the composed ops on the cpu backend — values and the gradients of a, b and bias — on wasm (relaxed
// and plain SIMD builds, fallback) and cpu; tf.fused.matMul under gradient recording takes it; the tape still
// skips the input's gradient where nothing needs it.
import { beforeAll, describe, expect, it } from 'vitest';
import { onBackends, relError, setup, tf, values } from './helpers.js';
import { denseTrain, type DenseActivation } from '../../../electron/engine/kernels/dense-train.js';

const ACT: Record<DenseActivation, (x: tf.Tensor) => tf.Tensor> = {
  linear: (x) => x,
  relu: (x) => tf.relu(x),
  sigmoid: (x) => tf.sigmoid(x),
};

function loss(z: tf.Tensor, w: tf.Tensor): tf.Scalar {
  return tf.sum(tf.mul(z, w)) as tf.Scalar; // a weighted sum: every output's gradient differs
}

describe('fused dense layer matches the composed ops', () => {
  beforeAll(setup);
  const cases: [number, number, number][] = [
    [37, 13, 10], // groups of four, two scalar columns, the last four as a group
    [5, 3, 2], // fewer than four columns: scalar rows
    [9, 6, 8],
    [4, 5, 1],
    [70, 20, 4],
  ];
  for (const act of ['linear', 'relu', 'sigmoid'] as DenseActivation[]) {
    for (const [i, [m, k, n]] of cases.entries()) {
      it(`${act} [${m},${k}]·[${k},${n}]`, async () => {
        const av = values(m * k, 21 + i);
        const bv = values(k * n, 41 + i);
        const cv = values(n, 61 + i);
        const wv = values(m * n, 81 + i);
        const make = () => [tf.tensor2d(av, [m, k]), tf.tensor2d(bv, [k, n]), tf.tensor1d(cv), tf.tensor2d(wv, [m, n])] as const;
        await tf.setBackend('cpu');
        const ref = tf.tidy(() => {
          const [a, b, c, w] = make();
          const f = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => ACT[act](tf.add(tf.matMul(a, b), c));
          const g = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => loss(f(a, b, c), w))([a, b, c]);
          return [f(a, b, c), ...g].map((t) => t.dataSync().slice() as Float32Array);
        });
        const r = await onBackends(() => {
          const [a, b, c, w] = make();
          const f = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => denseTrain({ a, b, bias: c, activation: act })!;
          const g = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => loss(f(a, b, c), w))([a, b, c]);
          return [f(a, b, c), ...g];
        });
        for (const got of [r.cpu, r.wasm, r.wasmPlain, r.wasmFallback]) {
          ref.forEach((want, j) => expect(relError(want, got[j]), `output ${j}`).toBeLessThan(1e-5));
        }
      });
    }
  }

  it('is what tf.fused.matMul runs while recording, and the input gradient is skipped where not needed', async () => {
    await setup();
    await tf.setBackend('wasm');
    const a = tf.tensor2d(values(6 * 5, 1), [6, 5]);
    const b = tf.variable(tf.tensor2d(values(5 * 4, 2), [5, 4]));
    const c = tf.variable(tf.tensor1d(values(4, 3)));
    const kernels = async (withInput: boolean) => {
      const p = await tf.profile(() => {
        const f = () => tf.sum(tf.fused.matMul({ a, b, bias: c, activation: 'relu' })) as tf.Scalar;
        const out = withInput ? tf.grads((x: tf.Tensor) => tf.sum(tf.fused.matMul({ a: x, b, bias: c, activation: 'relu' })))([a]) : Object.values(tf.variableGrads(f, [b, c]).grads);
        return out;
      });
      tf.dispose(p.result as tf.Tensor[]);
      return p.kernels.map((k) => k.name);
    };
    const paramsOnly = await kernels(false);
    expect(paramsOnly).toContain('MtlDense');
    expect(paramsOnly.filter((n) => n === 'BatchMatMul')).toHaveLength(1); // aᵀ·dz only, no dz·bᵀ
    const inputOnly = await kernels(true);
    expect(inputOnly.filter((n) => n === 'BatchMatMul')).toHaveLength(1); // dz·bᵀ only
    tf.dispose([a, b, c]);
  });
});
