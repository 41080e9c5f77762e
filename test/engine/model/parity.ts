// Gradient parity with the cpu backend, shared by the per-backend tests (this folder's gradients test and
// test/engine/webgpu): build a case on a backend, run a training-mode forward on every route, return
// d(loss)/d(variables), the outputs and the loss.
import { expect } from 'vitest';
import { initBackend, type BackendName } from '../../../electron/engine/backend.js';
import { buildModel } from '../../../electron/engine/model/index.js';
import type { KindCase } from './cases.js';
import { rawBatch, rng, tensors } from './fixtures.js';

export const quiet = { log: () => {} };

export const TF_NAME: Record<BackendName, string> = { 'tensorflow-gpu': 'tensorflow', webgpu: 'webgpu', tensorflow: 'tensorflow', wasm: 'wasm', cpu: 'cpu' };
/** Relative error allowed against cpu, for outputs and every variable's gradient. */
export const TOLERANCE = 1e-3;

export interface Result {
  names: string[];
  grads: Float32Array[];
  outputs: Record<string, Float32Array>;
  loss: number;
}

/** Builds the case on `backend`, runs a training-mode forward pass on every route and returns d(loss)/d(variables). */
export async function gradients(backend: BackendName, c: KindCase): Promise<Result> {
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

export function norm(a: Float32Array): number {
  let s = 0;
  for (const x of a) s += x * x;
  return Math.sqrt(s);
}

export function relError(a: Float32Array, ref: Float32Array): number {
  const d = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) d[i] = a[i] - ref[i];
  return norm(d) / Math.max(norm(ref), 1e-6);
}


/** Asserts outputs and every gradient within TOLERANCE of cpu's and that every variable gets a gradient; returns the largest error. */
export function expectMatchesCpu(got: Result, ref: Result): number {
  expect(got.names).toEqual(ref.names);
  expect(ref.grads.length).toBeGreaterThan(0);
  for (const key of Object.keys(ref.outputs)) expect(relError(got.outputs[key], ref.outputs[key]), `output ${key}`).toBeLessThan(TOLERANCE);
  const errors = ref.grads.map((g, i) => ({ name: ref.names[i], err: relError(got.grads[i], g), norm: norm(g) }));
  for (const e of errors) expect(e.err, `${e.name} (|grad| ${e.norm.toExponential(2)})`).toBeLessThan(TOLERANCE);
  // The loss reaches every variable: no variable of the design is left without a gradient.
  expect(errors.filter((e) => e.norm === 0).map((e) => e.name)).toEqual([]);
  return Math.max(...errors.map((e) => e.err));
}
