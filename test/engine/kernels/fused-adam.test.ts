// The fused wasm Adam against tf.AdamOptimizer on the cpu backend: same variables after several
// steps, the same serialised state, and a clone of a variable taken before a step unchanged.
import { beforeAll, describe, expect, it } from 'vitest';
import { relError, setup, tf, values } from './helpers.js';
import { WasmAdamOptimizer, adam, fusedAdamUpdate } from '../../../electron/engine/kernels/fused-adam.js';
import { setRelaxedSimdEnabled, setSimdKernelsEnabled } from '../../../electron/engine/kernels/simd.js';

async function trainOn(backend: string, fused: boolean): Promise<{ vars: Float32Array[]; state: Float32Array[] }> {
  await tf.setBackend(backend);
  const shapes = [[7, 5], [5], [3, 3, 2, 4]];
  const vars = shapes.map((s, i) => tf.variable(tf.tensor(values(s.reduce((a, b) => a * b), 10 + i), s), true, `v${i}_${backend}_${fused}`));
  const opt = fused ? adam(0.01) : tf.train.adam(0.01);
  for (let step = 0; step < 5; step++) {
    const grads: Record<string, tf.Tensor> = {};
    vars.forEach((v, i) => (grads[v.name] = tf.tensor(values(v.size, 100 * step + i), v.shape)));
    opt.applyGradients(grads as any);
    tf.dispose(Object.values(grads));
  }
  const out = vars.map((v) => v.dataSync().slice() as Float32Array);
  const weights = await opt.getWeights();
  const state = weights.map((w) => w.tensor.dataSync().slice() as Float32Array);
  opt.dispose();
  vars.forEach((v) => v.dispose());
  return { vars: out, state };
}

describe('fused wasm Adam', () => {
  beforeAll(setup);
  it('matches tf.AdamOptimizer on cpu, variables and optimizer state', async () => {
    const ref = await trainOn('cpu', false);
    const got = await trainOn('wasm', true);
    ref.vars.forEach((v, i) => expect(relError(v, got.vars[i])).toBeLessThan(1e-5));
    expect(got.state.length).toBe(ref.state.length);
    ref.state.forEach((s, i) => expect(relError(s, got.state[i])).toBeLessThan(1e-5));
    await tf.setBackend('cpu');
  });

  it('never changes a tensor that shares a variable\'s data', async () => {
    await tf.setBackend('wasm');
    const v = tf.variable(tf.tensor([1, 2, 3]), true, 'shared_v');
    const snapshot = tf.clone(v); // shares v's data on wasm
    const opt = new WasmAdamOptimizer(0.1, 0.9, 0.999, 1e-7);
    opt.applyGradients({ [v.name]: tf.tensor([1, 1, 1]) });
    expect(Array.from(snapshot.dataSync())).toEqual([1, 2, 3]);
    expect(Array.from(v.dataSync()).every((x, i) => x < [1, 2, 3][i])).toBe(true);
    opt.dispose();
    v.dispose();
    snapshot.dispose();
    await tf.setBackend('cpu');
  });

  it('is tf.AdamOptimizer on other backends and serialises as Adam', () => {
    expect(WasmAdamOptimizer.className).toBe('Adam');
    expect(adam(0.01)).toBeInstanceOf(tf.AdamOptimizer);
  });
});

describe('fusedAdamUpdate (the PyTorch-style update the engine\'s optimizers use)', () => {
  beforeAll(setup);
  it('matches the same update written with tensor ops on cpu, with coupled and decoupled decay', async () => {
    const run = async (backend: string) => {
      await tf.setBackend(backend);
      const v = tf.variable(tf.tensor(values(40, 1), [8, 5]));
      const m = tf.variable(tf.zeros([8, 5]), false);
      const s = tf.variable(tf.zeros([8, 5]), false);
      for (let t = 1; t <= 4; t++) {
        const g = tf.tensor(values(40, 10 + t), [8, 5]);
        const o = { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, bc1: 1 - 0.9 ** t, bc2: 1 - 0.999 ** t, l2: t % 2 ? 0.01 : 0, decoupled: t % 2 ? 0 : 0.001 };
        if (!fusedAdamUpdate(v, g, m, s, o)) {
          tf.tidy(() => {
            const gg = o.l2 ? tf.add(g, tf.mul(v, o.l2)) : g;
            const m1 = tf.add(tf.mul(m, o.beta1), tf.mul(gg, 1 - o.beta1));
            const s1 = tf.add(tf.mul(s, o.beta2), tf.mul(tf.square(gg), 1 - o.beta2));
            m.assign(m1);
            s.assign(s1);
            const step = tf.div(tf.mul(m1, o.lr / o.bc1), tf.add(tf.sqrt(tf.div(s1, o.bc2)), o.eps));
            v.assign(tf.sub(o.decoupled ? tf.mul(v, 1 - o.decoupled) : v, step));
          });
        }
        g.dispose();
      }
      const out = [v, m, s].map((t) => t.dataSync().slice() as Float32Array);
      [v, m, s].forEach((t) => t.dispose());
      return out;
    };
    expect(fusedAdamUpdate(tf.variable(tf.zeros([1])), tf.zeros([1]), tf.variable(tf.zeros([1])), tf.variable(tf.zeros([1])),
      { lr: 1, beta1: 0.9, beta2: 0.999, eps: 1e-8, bc1: 1, bc2: 1 })).toBe(tf.getBackend() === 'wasm');
    const ref = await run('cpu');
    const got = await run('wasm');
    ref.forEach((r, i) => expect(relError(r, got[i])).toBeLessThan(1e-5));
    await tf.setBackend('cpu');
  });

  it('the SIMD kernel (relaxed and plain builds) gives the JS loop\'s values bit for bit', async () => {
    await tf.setBackend('wasm');
    const run = (simd: boolean, relaxed: boolean) => {
      setSimdKernelsEnabled(simd);
      setRelaxedSimdEnabled(relaxed);
      try {
        const v = tf.variable(tf.tensor(values(43, 2), [43])); // 10 groups of four and a tail of three
        const m = tf.variable(tf.tensor(values(43, 3).map((x) => x / 10), [43]), false);
        const s = tf.variable(tf.tensor(values(43, 4).map((x) => x * x / 100), [43]), false);
        for (let t = 1; t <= 3; t++) {
          const g = tf.tensor(values(43, 20 + t), [43]);
          const o = { lr: 0.003, beta1: 0.9, beta2: 0.999, eps: 1e-8, bc1: 1 - 0.9 ** t, bc2: 1 - 0.999 ** t, l2: t === 2 ? 0.01 : 0, decoupled: t === 3 ? 0.001 : 0 };
          expect(fusedAdamUpdate(v, g, m, s, o)).toBe(true);
          g.dispose();
        }
        const out = [v, m, s].map((t) => Array.from(t.dataSync()));
        [v, m, s].forEach((t) => t.dispose());
        return out;
      } finally {
        setSimdKernelsEnabled(true);
        setRelaxedSimdEnabled(true);
      }
    };
    const js = run(false, false);
    expect(run(true, true)).toEqual(js);
    expect(run(true, false)).toEqual(js);
    await tf.setBackend('cpu');
  });

  it('writes the moments in place only while no other tensor holds their buffer', async () => {
    await tf.setBackend('wasm');
    const v = tf.variable(tf.tensor(values(9, 5), [9]));
    const m = tf.variable(tf.zeros([9]), false);
    const s = tf.variable(tf.zeros([9]), false);
    const o = (t: number) => ({ lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8, bc1: 1 - 0.9 ** t, bc2: 1 - 0.999 ** t });
    const g = tf.tensor(values(9, 6), [9]);
    fusedAdamUpdate(v, g, m, s, o(1)); // fresh buffers (the zeros may be shared)
    const afterFirst = m.dataId;
    fusedAdamUpdate(v, g, m, s, o(2)); // its own buffer now: in place
    expect(m.dataId).toBe(afterFirst);
    const snapshot = tf.clone(m); // shares m's buffer (refCount 2)
    const before = Array.from(snapshot.dataSync());
    fusedAdamUpdate(v, g, m, s, o(3));
    expect(Array.from(snapshot.dataSync())).toEqual(before);
    expect(m.dataId).not.toBe(afterFirst);
    tf.dispose([v, m, s, g, snapshot]);
    await tf.setBackend('cpu');
  });
});
