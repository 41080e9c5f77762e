// For every catalog kind and block: the gradients of a small loss with respect to every trainable variable,
// on every backend available here, match the cpu backend's (relative error < 1e-3). Each backend builds its
// own copy of the model from the same seed (variables live on the backend that made them).
import { afterAll, describe, expect, it } from 'vitest';
import { describeBackends, initBackend, type BackendName } from '../../../electron/engine/backend.js';
import { buildModel } from '../../../electron/engine/model/index.js';
import { CASES, type KindCase } from './cases.js';
import { rawBatch, rng, tensors } from './fixtures.js';

const quiet = { log: () => {} };

const TF_NAME: Record<BackendName, string> = { 'tensorflow-gpu': 'tensorflow', webgpu: 'webgpu', tensorflow: 'tensorflow', wasm: 'wasm', cpu: 'cpu' };
const TOLERANCE = 1e-3;

interface Result {
  names: string[];
  grads: Float32Array[];
  outputs: Record<string, Float32Array>;
  loss: number;
}

/** Builds the case on `backend`, runs a training-mode forward pass on every route and returns d(loss)/d(variables). */
async function gradients(backend: BackendName, c: KindCase): Promise<Result> {
  const { tf } = await initBackend(backend, quiet);
  const m = buildModel(tf, c.design, c.datasets, { seed: 11 });
  try {
    const batches = Object.fromEntries(m.routes.map((r, i) => [r.dataset, rawBatch(c.datasets.find((d) => d.id === r.dataset)!, 4, 100 + i)]));
    const outputs: Record<string, Float32Array> = {};
    const { value, grads } = tf.variableGrads(() => {
      let loss = tf.scalar(0);
      for (const r of m.routes) {
        const outs = m.forward(r.dataset, tensors(tf, batches[r.dataset]), true);
        for (const key of r.heads) {
          const out = outs[key];
          outputs[key] = out.dataSync() as Float32Array;
          // A fixed random projection plus a square term, so that every output unit gets its own gradient.
          const rand = rng(key.length * 7919);
          const proj = tf.tensor(Array.from({ length: out.size }, () => rand() * 2 - 1), out.shape);
          loss = tf.add(loss, tf.add(tf.sum(tf.mul(out, proj)), tf.mean(tf.square(out))));
        }
      }
      return loss as import('@tensorflow/tfjs').Scalar;
    }, m.allVariables);
    const res: Result = {
      names: m.allVariables.map((v) => v.name.replace(/_\d+$/, '')),
      grads: m.allVariables.map((v) => (grads[v.name] ? (grads[v.name].dataSync() as Float32Array).slice() : new Float32Array(v.size))),
      outputs,
      loss: value.dataSync()[0],
    };
    tf.dispose([value, ...Object.values(grads)]);
    return res;
  } finally {
    m.dispose();
  }
}

function norm(a: Float32Array): number {
  let s = 0;
  for (const x of a) s += x * x;
  return Math.sqrt(s);
}

function relError(a: Float32Array, ref: Float32Array): number {
  const d = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) d[i] = a[i] - ref[i];
  return norm(d) / Math.max(norm(ref), 1e-6);
}

const { available } = await describeBackends();
const others = available.filter((b) => b !== 'cpu') as BackendName[];
// Initialise each backend once now, so that missing kernels are known when the tests are declared.
const missing: Record<string, string[]> = {};
for (const b of others) {
  const { tf } = await initBackend(b, quiet);
  missing[b] = [...new Set(Object.values(CASES).flatMap((f) => f().needsKernels ?? []))].filter((k) => !tf.getKernel(k, TF_NAME[b]));
}
await initBackend('cpu', quiet);

const worst: Record<string, number> = {};

describe('model builder: gradients on every backend match cpu', () => {
  afterAll(() => {
    const lines = Object.entries(worst).map(([k, e]) => `${k} ${e.toExponential(1)}`);
    console.log(`[gradients] largest relative error per case: ${lines.join(', ')}`);
  });

  it('checks at least one backend besides cpu', () => {
    expect(others.length).toBeGreaterThan(0);
  });

  for (const backend of others) {
    for (const [kind, make] of Object.entries(CASES)) {
      const lacking = (make().needsKernels ?? []).filter((k) => missing[backend].includes(k));
      if (lacking.length) {
        it.todo(`${kind} on ${backend}: its gradient needs kernel ${lacking.join(', ')}, which ${backend} lacks`);
        continue;
      }
      it(`${kind}: gradients on ${backend} match cpu (relative error < ${TOLERANCE})`, async () => {
        const c = make();
        const ref = await gradients('cpu', c);
        const got = await gradients(backend, c);
        expect(got.names).toEqual(ref.names);
        expect(ref.grads.length).toBeGreaterThan(0);
        for (const key of Object.keys(ref.outputs)) expect(relError(got.outputs[key], ref.outputs[key]), `output ${key}`).toBeLessThan(TOLERANCE);
        const errors = ref.grads.map((g, i) => ({ name: ref.names[i], err: relError(got.grads[i], g), norm: norm(g) }));
        worst[`${kind}@${backend}`] = Math.max(...errors.map((e) => e.err));
        for (const e of errors) expect(e.err, `${e.name} (|grad| ${e.norm.toExponential(2)})`).toBeLessThan(TOLERANCE);
        // The loss reaches every variable: no variable of the design is left without a gradient.
        expect(errors.filter((e) => e.norm === 0).map((e) => e.name)).toEqual([]);
        await initBackend('cpu', quiet);
      });
    }
  }
});
