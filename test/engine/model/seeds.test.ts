// A run's seed fixes the initial weights (on every backend) and the dropout masks.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeBackends, initBackend } from '../../../electron/engine/backend.js';
import { buildModel, deriveSeed, type BuiltModel } from '../../../electron/engine/model/index.js';
import { buildTemplate } from '../../../shared/templates/index.js';
import { D, dataset, multiclass, rawBatch, regression, tensors } from './fixtures.js';

const quiet = { log: () => {} };

const img = dataset('img', [{ name: 'image', kind: 'image', shape: [28, 28, 1] }], [multiclass('left', 10), multiclass('right', 10)]);
const vec = dataset('vec', [{ name: 'x', kind: 'vector', size: 10, columns: [] }], [multiclass('a', 4), regression('b')]);

function weights(m: BuiltModel): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = {};
  [...m.allVariables, ...m.stateVariables].forEach((v, i) => (out[`${i}:${v.name.replace(/_\d+$/, '')}`] = v.dataSync() as Float32Array));
  return out;
}

beforeAll(async () => {
  await initBackend('cpu', quiet);
});
afterAll(async () => {
  await initBackend('cpu', quiet);
});

describe('model builder: seeds', () => {
  it('derives different, stable seeds per run seed, node and role', () => {
    expect(deriveSeed(1, 'fc1', 'kernel')).toBe(deriveSeed(1, 'fc1', 'kernel'));
    const seeds = new Set([deriveSeed(1, 'fc1', 'kernel'), deriveSeed(2, 'fc1', 'kernel'), deriveSeed(1, 'fc2', 'kernel'), deriveSeed(1, 'fc1', 'bias')]);
    expect(seeds.size).toBe(4);
    for (const s of seeds) expect(Number.isInteger(s) && s > 0 && s < 2 ** 31).toBe(true);
  });

  for (const template of ['hps', 'mmoe', 'ple', 'cross-stitch']) {
    it(`${template}: the same seed gives the same initial weights, another seed other weights`, () => {
      const design = buildTemplate(template, [img]);
      const a = buildModel(tf, design, [img], { seed: 42 });
      const b = buildModel(tf, design, [img], { seed: 42 });
      const c = buildModel(tf, design, [img], { seed: 43 });
      const wa = weights(a);
      const wb = weights(b);
      const wc = weights(c);
      expect(Object.keys(wa).length).toBeGreaterThan(4);
      expect(wb).toEqual(wa);
      // Every randomly initialised variable (kernels, experts, gates) differs under another seed.
      const random = Object.keys(wa).filter((k) => /kernel|expert|gate|shared/.test(k) && !/bias/.test(k));
      expect(random.length).toBeGreaterThan(0);
      for (const k of random) expect(wc[k], k).not.toEqual(wa[k]);
      for (const m of [a, b, c]) m.dispose();
    });
  }

  it('gives the same initial weights on every available backend', async () => {
    const design = buildTemplate('mmoe', [img]);
    const ref = weights(buildModel(tf, design, [img], { seed: 5 }));
    for (const backend of (await describeBackends()).available) {
      const { tf: t } = await initBackend(backend as any, quiet);
      const m = buildModel(t, design, [img], { seed: 5 });
      expect(weights(m), backend).toEqual(ref);
      m.dispose();
    }
    await initBackend('cpu', quiet);
  });

  it("adding a node leaves the other nodes' initial weights unchanged", () => {
    const base = () =>
      new D()
        .node('in', 'Input', { dataset: 'vec', feature: 'x' })
        .chain('in', 'trunk', 'Dense', { units: 6 })
        .chain('trunk', 'ha', 'TaskHead', { dataset: 'vec', task: 'a', hidden: [3] });
    const one = buildModel(tf, base().design(), [vec], { seed: 9 });
    const two = buildModel(tf, base().chain('trunk', 'hb', 'TaskHead', { dataset: 'vec', task: 'b', hidden: [] }).design(), [vec], { seed: 9 });
    const names = (m: BuiltModel) => Object.fromEntries(m.allVariables.map((v) => [v.name.replace(/_\d+$/, ''), v.dataSync()]));
    const w1 = names(one);
    const w2 = names(two);
    for (const k of Object.keys(w1)) expect(w2[k], k).toEqual(w1[k]);
    one.dispose();
    two.dispose();
  });

  it('draws the same dropout masks for the same seed, and a new mask at each training step', () => {
    const design = new D()
      .node('in', 'Input', { dataset: 'vec', feature: 'x' })
      .chain('in', 'fc', 'Dense', { units: 32, activation: 'linear' })
      .chain('fc', 'drop', 'Dropout', { rate: 0.5 })
      .chain('drop', 'ha', 'TaskHead', { dataset: 'vec', task: 'a', dropout: 0.3, hidden: [8] })
      .design();
    const raw = rawBatch(vec, 16, 3);
    const run = () => {
      const m = buildModel(tf, design, [vec], { seed: 77 });
      const steps = [0, 1, 2].map(() => tf.tidy(() => m.probe('vec', tensors(tf, raw), ['drop'], true).drop.out.dataSync() as Float32Array));
      const test = tf.tidy(() => m.probe('vec', tensors(tf, raw), ['drop', 'fc'], false));
      const inference = { drop: test.drop.out.dataSync(), fc: test.fc.out.dataSync() };
      m.dispose();
      return { steps, inference };
    };
    const a = run();
    const b = run();
    expect(b.steps).toEqual(a.steps);
    expect(a.steps[1]).not.toEqual(a.steps[0]);
    const zeros = a.steps[0].filter((x) => x === 0).length / a.steps[0].length;
    expect(zeros).toBeGreaterThan(0.3);
    expect(zeros).toBeLessThan(0.7);
    // At test time dropout passes values through.
    expect(a.inference.drop).toEqual(a.inference.fc);
  });
});
