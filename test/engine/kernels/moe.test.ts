// The mixture-of-experts kernels (kernels/moe.ts: the experts, each task's softmax gate and mixture, their
// hand-written gradients) against the same block composed of tfjs ops on the cpu backend: forward values and every
// gradient, on cpu (the plain-JS kernels) and on wasm (relaxed SIMD, plain SIMD, fallback), over odd sizes.
import { beforeAll, describe, expect, it } from 'vitest';
import { onBackends, relError, setup, size, tf, values } from './helpers.js';
import { MOE_EXPERTS_GRAD_X, moeExperts, moeGateMix } from '../../../electron/engine/kernels/moe.js';

interface Case { B: number; D: number; E: number; U: number; T: number; act: 'relu' | 'linear'; gateScale?: number }

const CASES: Case[] = [
  { B: 13, D: 7, E: 3, U: 5, T: 2, act: 'relu' },
  { B: 13, D: 7, E: 3, U: 5, T: 1, act: 'linear' },
  { B: 64, D: 100, E: 8, U: 16, T: 2, act: 'relu' }, // the bench's MMoE, fewer rows
  { B: 6, D: 9, E: 1, U: 9, T: 3, act: 'relu' }, // 8 + 1 columns, one expert
  { B: 5, D: 3, E: 5, U: 12, T: 2, act: 'relu' }, // 8 + 4 columns
  { B: 9, D: 6, E: 4, U: 4, T: 2, act: 'relu', gateScale: 60 }, // logits hundreds apart: e^x underflows
];

/** The block's weights as tensors (x, kernels, biases, gate kernels, gate biases) and the loss weights. */
function data(c: Case, seed: number) {
  const v = (shape: number[], s: number, scale = 1) => tf.tensor(values(size(shape), seed + s).map((a) => a * scale), shape);
  return {
    x: v([c.B, c.D], 1),
    ks: Array.from({ length: c.E }, (_, e) => v([c.D, c.U], 10 + e)),
    bs: Array.from({ length: c.E }, (_, e) => v([c.U], 30 + e, 0.5)),
    gks: Array.from({ length: c.T }, (_, t) => v([c.D, c.E], 50 + t, c.gateScale ?? 2)),
    gbs: Array.from({ length: c.T }, (_, t) => v([c.E], 70 + t)),
    rs: Array.from({ length: c.T }, (_, t) => v([c.B, c.U], 90 + t)),
    rh: v([c.B, c.E, c.U], 99),
  };
}

type Block = (x: tf.Tensor, ks: tf.Tensor[], bs: tf.Tensor[], gks: tf.Tensor[], gbs: tf.Tensor[]) => { h: tf.Tensor; mixes: tf.Tensor[] };

const composed = (c: Case): Block => (x, ks, bs, gks, gbs) => {
  const h = tf.stack(ks.map((k, e) => {
    const z = tf.add(tf.matMul(x as tf.Tensor2D, k as tf.Tensor2D), bs[e]);
    return c.act === 'relu' ? tf.relu(z) : z;
  }), 1);
  const mixes = gks.map((gk, t) => {
    const g = tf.softmax(tf.add(tf.matMul(x as tf.Tensor2D, gk as tf.Tensor2D), gbs[t]));
    return tf.squeeze(tf.matMul(tf.expandDims(g, 1) as tf.Tensor3D, h as tf.Tensor3D), [1]);
  });
  return { h, mixes };
};

const fused = (c: Case): Block => (x, ks, bs, gks, gbs) => {
  const h = moeExperts(x, ks, bs, c.act);
  if (!h) throw new Error('moeExperts declined');
  const mixes = gks.map((gk, t) => {
    const m = moeGateMix(x, gk, gbs[t], h);
    if (!m) throw new Error('moeGateMix declined');
    return m;
  });
  return { h, mixes };
};

/** Forward outputs, then the gradients of Σ_t Σ mix_t·R_t + Σ h·R_h with respect to every input. */
function everything(c: Case, block: Block): tf.Tensor[] {
  const d = data(c, 7);
  const inputs = [d.x, ...d.ks, ...d.bs, ...d.gks, ...d.gbs];
  const split = (ts: tf.Tensor[]) => {
    let i = 1;
    const take = (n: number) => ts.slice(i, (i += n));
    return [ts[0], take(c.E), take(c.E), take(c.T), take(c.T)] as const;
  };
  const f = (...ts: tf.Tensor[]) => {
    const [x, ks, bs, gks, gbs] = split(ts);
    const { h, mixes } = block(x, ks, bs, gks, gbs);
    return tf.addN([tf.sum(tf.mul(h, d.rh)), ...mixes.map((m, t) => tf.sum(tf.mul(m, d.rs[t])))]) as tf.Scalar;
  };
  const [x, ks, bs, gks, gbs] = split(inputs);
  const { h, mixes } = block(x, ks, bs, gks, gbs);
  return [h, ...mixes, ...tf.grads(f)(inputs)];
}

describe('MoE kernels match the composed ops', () => {
  beforeAll(setup);

  for (const c of CASES) {
    it(`B ${c.B} D ${c.D} E ${c.E} U ${c.U} tasks ${c.T} ${c.act}`, async () => {
      await tf.setBackend('cpu');
      const ref = tf.tidy(() => everything(c, composed(c)));
      const want = ref.map((t) => t.dataSync().slice() as Float32Array);
      tf.dispose(ref);
      const r = await onBackends(() => everything(c, fused(c)));
      // A saturated softmax's gradient is a difference of near-equal terms: against a float64 reference the composed
      // ops and the kernels are both ~1e-4 off there (in different directions), elsewhere ~1e-7.
      const tol = c.gateScale ? 2e-4 : 2e-5;
      for (const [path, got] of Object.entries(r) as [string, Float32Array[]][]) {
        expect(got.length, path).toBe(want.length);
        got.forEach((g, i) => expect(relError(want[i], g), `${path} output ${i}`).toBeLessThan(tol));
      }
    });
  }

  it('computes the input gradient only when it is asked for', async () => {
    const c = CASES[0];
    await tf.setBackend('wasm');
    try {
      const kernels = async (wrtX: boolean) => {
        const prof = await tf.profile(() => tf.tidy(() => {
          const d = data(c, 3);
          const f = (x: tf.Tensor, k0: tf.Tensor) => {
            const { mixes } = fused(c)(x, [k0, ...d.ks.slice(1)], d.bs, d.gks, d.gbs);
            return tf.sum(tf.addN(mixes)) as tf.Scalar;
          };
          return wrtX ? tf.grads(f)([d.x, d.ks[0]]) : [tf.grad((k0: tf.Tensor) => f(d.x, k0))(d.ks[0])];
        }));
        return prof.kernelNames;
      };
      expect(await kernels(false)).not.toContain(MOE_EXPERTS_GRAD_X);
      expect(await kernels(true)).toContain(MOE_EXPERTS_GRAD_X);
    } finally {
      await tf.setBackend('cpu');
    }
  });

  it('gives the same gradients over passes that ask for some experts only (the shared per-pass results on wasm)', async () => {
    const c = CASES[0];
    const passes = (block: Block) => {
      const d = data(c, 5);
      const loss = (ks: tf.Tensor[], bs: tf.Tensor[]) =>
        tf.addN(block(d.x, ks, bs, d.gks, d.gbs).mixes.map((m, t) => tf.sum(tf.mul(m, d.rs[t])))) as tf.Scalar;
      const E = c.E;
      return [
        ...tf.grads((b1: tf.Tensor) => loss(d.ks, [d.bs[0], b1, ...d.bs.slice(2)]))([d.bs[1]]), // a bias alone
        ...tf.grads((k2: tf.Tensor, b0: tf.Tensor) => loss([d.ks[0], d.ks[1], k2], [b0, ...d.bs.slice(1)]))([d.ks[2], d.bs[0]]),
        ...tf.grads((...w: tf.Tensor[]) => loss(w.slice(0, E), w.slice(E)))([...d.ks, ...d.bs]), // all, twice
        ...tf.grads((...w: tf.Tensor[]) => loss(w.slice(0, E), w.slice(E)))([...d.ks, ...d.bs]),
      ];
    };
    await tf.setBackend('cpu');
    const ref = tf.tidy(() => passes(composed(c)));
    const want = ref.map((t) => t.dataSync().slice() as Float32Array);
    tf.dispose(ref);
    const r = await onBackends(() => passes(fused(c)));
    for (const [path, got] of Object.entries(r) as [string, Float32Array[]][]) {
      got.forEach((g, i) => expect(relError(want[i], g), `${path} gradient ${i}`).toBeLessThan(2e-5));
    }
  });

  it('declines what it does not cover (other activations, mismatched shapes)', () => {
    tf.tidy(() => {
      const d = data(CASES[0], 1);
      expect(moeExperts(d.x, d.ks, d.bs, 'tanh')).toBeNull();
      expect(moeExperts(d.x, d.ks, d.bs.slice(1), 'relu')).toBeNull();
      expect(moeGateMix(d.x, d.gks[0], d.gbs[0], tf.zeros([13, 4, 5]))).toBeNull();
    });
  });
});
