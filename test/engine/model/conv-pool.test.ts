// The MultiLeNet template's Conv2D → MaxPool2D → relu stages as one layer in the training forward pass (on wasm and
// cpu): the route models stay the separate layers, the weights and their names are the same as without the stages,
// a training step runs MtlConvPool and no MaxPool / MaxPoolGrad, losses over a few steps match the unfused model's,
// and inference gives the same outputs.
import { beforeAll, describe, expect, it } from 'vitest';
import { setup, tf } from '../kernels/helpers.js';
import { buildModel, type BuiltModel } from '../../../electron/engine/model/index.js';
import { buildTemplate } from '../../../shared/templates/index.js';
import { dataset, multiclass, rawBatch, tensors } from './fixtures.js';

const img = dataset('img', [{ name: 'image', kind: 'image', shape: [28, 28, 1] }], [multiclass('left', 10), multiclass('right', 10)]);
const short = (name: string) => name.replace(/_\d+$/, '');

function loss(m: BuiltModel, step: number, training: boolean): tf.Scalar {
  const raw = rawBatch(img, 8, 100 + step);
  const batch = tensors(tf, raw);
  const outs = m.forward('img', batch, training);
  const terms = m.heads.map((h, i) => {
    const labels = tf.oneHot(tf.tensor1d(Array.from({ length: 8 }, (_, r) => (r * 7 + i * 3 + step) % 10), 'int32'), 10);
    return tf.losses.softmaxCrossEntropy(labels, outs[h.key]);
  });
  tf.dispose(Object.values(batch));
  return tf.addN(terms) as tf.Scalar;
}

/** Losses of a few plain gradient-descent steps. */
function train(m: BuiltModel, steps: number): number[] {
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => loss(m, s, true), m.allVariables);
      losses.push(value.dataSync()[0]);
      for (const v of m.allVariables) v.assign(tf.sub(v, tf.mul(grads[v.name], 0.05)));
    });
  }
  return losses;
}

describe('conv + max-pool stages as one layer while training', () => {
  beforeAll(setup);
  for (const backend of ['wasm', 'cpu']) {
    it(`${backend}: MultiLeNet builds the stages fused, same weights, same losses, same inference`, async () => {
      await tf.setBackend(backend);
      const design = buildTemplate('hps', [img]);
      const fused = buildModel(tf, design, [img], { seed: 3 });
      const plain = buildModel(tf, design, [img], { seed: 3, fuseStages: false });
      try {
        // The training model has the two stages as one layer each; the route model keeps the separate layers.
        const layers = fused.trainingModels?.img?.layers.map((l) => l.getClassName()) ?? [];
        expect(layers.filter((c) => c === 'MtlConvPool2D')).toHaveLength(2);
        expect(layers).not.toContain('MaxPooling2D');
        expect(fused.models.img.layers.map((l) => l.name)).toEqual(plain.models.img.layers.map((l) => l.name));
        expect(plain.trainingModels?.img).toBeUndefined();
        // Same variables, names, shapes, values and split.
        const desc = (m: BuiltModel) => m.allVariables.map((v) => `${short(v.name)} ${v.shape}`);
        expect(desc(fused)).toEqual(desc(plain));
        expect(fused.sharedVariables.map((v) => short(v.name))).toEqual(plain.sharedVariables.map((v) => short(v.name)));
        expect(Object.keys(fused.variableHeads).map(short)).toEqual(Object.keys(plain.variableHeads).map(short));
        fused.allVariables.forEach((v, i) => expect(Array.from(v.dataSync())).toEqual(Array.from(plain.allVariables[i].dataSync())));
        // Inference (and training mode outside gradient recording) is the separate layers' arithmetic exactly.
        for (const training of [false, true]) {
          const a = tf.tidy(() => loss(fused, 9, training).dataSync()[0]);
          const b = tf.tidy(() => loss(plain, 9, training).dataSync()[0]);
          expect(a).toBe(b);
        }
        // A training step runs the fused kernel, and no max-pool or its gradient.
        const p = await tf.profile(() => {
          tf.tidy(() => {
            const { value, grads } = tf.variableGrads(() => loss(fused, 0, true), fused.allVariables);
            tf.dispose([value, ...Object.values(grads)]);
          });
          return [] as tf.Tensor[];
        });
        const names = p.kernels.map((k) => k.name);
        expect(names.filter((n) => n === 'MtlConvPool')).toHaveLength(2);
        expect(names).not.toContain('MaxPool');
        expect(names).not.toContain('MaxPoolGrad');
        // The same losses over a few steps.
        const steps = backend === 'cpu' ? 2 : 4; // cpu's convolutions are slow
        const la = train(fused, steps);
        const lb = train(plain, steps);
        la.forEach((l, i) => expect(Math.abs(l - lb[i]) / Math.abs(lb[i]), `step ${i}: ${l} vs ${lb[i]}`).toBeLessThan(1e-5));
        expect(la.every((l) => Number.isFinite(l))).toBe(true);
      } finally {
        fused.dispose();
        plain.dispose();
        await tf.setBackend('cpu');
      }
    });
  }
});
