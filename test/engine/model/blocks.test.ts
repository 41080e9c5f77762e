// The MTL blocks as custom tfjs layers: what they compute, and that they serialise (className + getConfig)
// so that a route model round-trips through JSON with the same outputs.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, crossStitchInit, CrossStitchLayer, MMoELayer } from '../../../electron/engine/model/index.js';
import { CASES } from './cases.js';
import { rawBatch, tensors } from './fixtures.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('MTL blocks', () => {
  it('cross-stitch starts near the identity: 0.9 on the diagonal, 0.1 spread over the other columns', () => {
    expect(crossStitchInit(2)).toEqual([
      [0.9, 0.1],
      [0.1, 0.9],
    ]);
    const three = crossStitchInit(3);
    for (const row of three) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    const layer = new CrossStitchLayer({ numTasks: 2 });
    const [a, b] = [tf.tensor2d([[1, 2]]), tf.tensor2d([[10, 20]])];
    const [o0, o1] = layer.apply([a, b]) as tf.Tensor[];
    const close = (got: tf.Tensor, want: number[]) => Array.from(got.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(want[i], 5));
    close(o0, [0.9 * 1 + 0.1 * 10, 0.9 * 2 + 0.1 * 20]);
    close(o1, [0.1 * 1 + 0.9 * 10, 0.1 * 2 + 0.9 * 20]);
    tf.dispose([a, b, o0, o1]);
    layer.dispose();
  });

  it("MMoE's task outputs are convex mixtures of its experts (softmax gates)", () => {
    const layer = new MMoELayer({ numTasks: 2, numExperts: 3, expertUnits: 4, expertActivation: 'relu', seed: 1 });
    const x = tf.randomNormal([5, 6], 0, 1, 'float32', 2);
    const outs = layer.apply(x) as tf.Tensor[];
    expect(outs.map((o) => o.shape)).toEqual([
      [5, 4],
      [5, 4],
    ]);
    // With relu experts each mixture lies between the elementwise min and max of the experts (here: >= 0).
    for (const o of outs) expect(Math.min(...o.dataSync())).toBeGreaterThanOrEqual(0);
    // Gates: a [6, 3] kernel and [3] bias per task; experts: a [6, 4] kernel and [4] bias each.
    expect(layer.trainableWeights.map((w) => w.shape)).toEqual([...Array(3).fill([[6, 4], [4]]).flat(), ...Array(2).fill([[6, 3], [3]]).flat()]);
    tf.dispose([x, ...outs]);
    layer.dispose();
  });

  for (const kind of ['MMoE', 'CGC', 'PLE', 'CrossStitch', 'Dropout']) {
    it(`${kind}: the route model round-trips through JSON (custom layer className and config) with the same outputs`, () => {
      const c = CASES[kind]();
      const m = buildModel(tf, c.design, c.datasets, { seed: 4 });
      const route = m.routes[0];
      const model = m.models[route.dataset];
      const json = model.toJSON(undefined, false) as unknown as { config: { layers: { class_name: string }[] } };
      const classes = json.config.layers.map((l) => l.class_name);
      expect(classes).toContain(kind === 'Dropout' ? 'SeededDropout' : kind);
      const copy = tf.models.modelFromJSON(json as any) as unknown as Promise<tf.LayersModel>;
      return copy.then((rebuilt) => {
        rebuilt.setWeights(model.getWeights());
        const batch = tensors(tf, rawBatch(c.datasets[0], 3, 1));
        const a = model.predict(route.features.map((f) => batch[f])) as tf.Tensor[];
        const b = rebuilt.predict(route.features.map((f) => batch[f])) as tf.Tensor[];
        a.forEach((t, i) => expect(Array.from(b[i].dataSync())).toEqual(Array.from(t.dataSync())));
        tf.dispose([...a, ...b, ...Object.values(batch)]);
        rebuilt.dispose();
        m.dispose();
      });
    });
  }
});
