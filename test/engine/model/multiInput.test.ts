// Multi-input MTL: a design drawing on two datasets builds one model per dataset route, the routes share
// the layers they have in common, and each route forwards its own dataset's batch.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../../electron/engine/model/index.js';
import { buildTemplate } from '../../../shared/templates/index.js';
import { validateDesign } from '../../../shared/validate.js';
import { img2, twoDatasetDesign, vec1 } from './designs.js';
import { dataset, multiclass, rawBatch, tensors } from './fixtures.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('model builder: two datasets', () => {
  it('image + vector inputs meeting in a shared Dense: each route builds and forwards its own batch', () => {
    const design = twoDatasetDesign();
    const datasets = [img2, vec1];
    expect(validateDesign(design, datasets).ok).toBe(true);
    const m = buildModel(tf, design, datasets, { seed: 3 });
    expect(m.routes).toEqual([
      { dataset: 'digits', features: ['image'], heads: ['digit'] },
      { dataset: 'table', features: ['x'], heads: ['y'] },
    ]);
    expect(m.heads.map((h) => [h.key, h.dataset, h.task, h.units, h.loss, h.outputActivation])).toEqual([
      ['digit', 'digits', 'digit', 10, 'crossentropy', 'softmax'],
      ['y', 'table', 'y', 1, 'mse', 'linear'],
    ]);
    // The two route models hold the very same trunk layer.
    const trunkA = m.models.digits.layers.find((l) => l.name === 'trunk.dense');
    const trunkB = m.models.table.layers.find((l) => l.name === 'trunk.dense');
    expect(trunkA).toBeDefined();
    expect(trunkA).toBe(trunkB);
    // Neither route holds the other's branch.
    expect(m.models.digits.layers.map((l) => l.name)).not.toContain('vecEnc.dense');
    expect(m.models.table.layers.map((l) => l.name)).not.toContain('conv.conv2d');

    const digits = tensors(tf, rawBatch(img2, 5, 1));
    const table = tensors(tf, rawBatch(vec1, 7, 2));
    const outA = m.forward('digits', digits, false);
    const outB = m.forward('table', table, true);
    expect(Object.keys(outA)).toEqual(['digit']);
    expect(Object.keys(outB)).toEqual(['y']);
    expect(outA.digit.shape).toEqual([5, 10]);
    expect(outB.y.shape).toEqual([7, 1]);

    // The shared weights serve both routes: zero the trunk and both heads see a constant input.
    const kernel = m.sharedVariables.find((v) => v.name.includes('trunk.dense/kernel'))!;
    kernel.assign(tf.zerosLike(kernel));
    for (const [ds, batch, key] of [['digits', digits, 'digit'], ['table', table, 'y']] as const) {
      const out = m.forward(ds, batch, false)[key].arraySync() as number[][];
      for (const row of out) expect(row).toEqual(out[0]);
    }
    expect(() => m.forward('elsewhere', digits, false)).toThrow(/No route for dataset 'elsewhere'/);
    expect(() => m.forward('table', digits, false)).toThrow(/needs feature 'x'/);
    tf.dispose([digits, table].flatMap((b) => Object.values(b)));
    tf.dispose([outA.digit, outB.y]);
    m.dispose();
  });

  it('alike datasets (MNIST beside Fashion-MNIST) share one Input and trunk; each head gets its own route', () => {
    const mnist = dataset('mnist', [{ name: 'image', kind: 'image', shape: [28, 28, 1] }], [multiclass('digit', 10)]);
    const fashion = dataset('fashion', [{ name: 'image', kind: 'image', shape: [28, 28, 1] }], [multiclass('item', 10)]);
    const design = buildTemplate('hps', [mnist, fashion]);
    expect(validateDesign(design, [mnist, fashion]).ok).toBe(true);
    const m = buildModel(tf, design, [mnist, fashion], { seed: 1 });
    expect(m.routes.map((r) => [r.dataset, r.features, r.heads])).toEqual([
      ['mnist', ['image'], ['digit']],
      ['fashion', ['image'], ['item']],
    ]);
    // The whole trunk is shared; each head's own weights are its tower and projection.
    expect(m.sharedVariables.length).toBeGreaterThan(4);
    for (const key of ['digit', 'item']) expect(m.taskVariables[key].every((v) => v.name.includes('head') || v.name.includes(key))).toBe(true);
    tf.tidy(() => {
      expect(m.forward('mnist', tensors(tf, rawBatch(mnist, 2, 1)), false).digit.shape).toEqual([2, 10]);
      expect(m.forward('fashion', tensors(tf, rawBatch(fashion, 3, 1)), false).item.shape).toEqual([3, 10]);
    });
    m.dispose();
  });

  it('heads with the same task name in two datasets get dataset/task keys', () => {
    const a = dataset('a', [{ name: 'x', kind: 'vector', size: 4, columns: [] }], [multiclass('label', 3)]);
    const b = dataset('b', [{ name: 'x', kind: 'vector', size: 4, columns: [] }], [multiclass('label', 5)]);
    const design = buildTemplate('hps', [a, b]);
    const m = buildModel(tf, design, [a, b], { seed: 1 });
    expect(m.heads.map((h) => h.key)).toEqual(['a/label', 'b/label']);
    expect(m.routes.map((r) => r.heads)).toEqual([['a/label'], ['b/label']]);
    expect(Object.keys(m.taskVariables)).toEqual(['a/label', 'b/label']);
    m.dispose();
  });

  it('image + text designs route each dataset through its own branch into the shared layers', () => {
    const images = dataset('images', [{ name: 'image', kind: 'image', shape: [28, 28, 1] }], [multiclass('digit', 10)]);
    const texts = dataset('texts', [{ name: 'text', kind: 'text', vocabSize: 40, maxLength: 9 }], [multiclass('topic', 4)]);
    for (const template of ['hps', 'mmoe', 'ple']) {
      const design = buildTemplate(template, [images, texts]);
      const m = buildModel(tf, design, [images, texts], { seed: 1 });
      expect(m.routes.map((r) => r.features)).toEqual([['image'], ['text']]);
      expect(m.sharedVariables.length).toBeGreaterThan(0);
      tf.tidy(() => {
        expect(m.forward('images', tensors(tf, rawBatch(images, 2, 1)), true).digit.shape).toEqual([2, 10]);
        expect(m.forward('texts', tensors(tf, rawBatch(texts, 2, 1)), true).topic.shape).toEqual([2, 4]);
      });
      m.dispose();
    }
  });

  it('forward(training=true) updates BatchNormalization moving statistics; training=false leaves them', () => {
    const vec = dataset('vec', [{ name: 'x', kind: 'vector', size: 6, columns: [] }], [multiclass('a', 2)]);
    const design = {
      version: 1 as const,
      name: 'bn',
      nodes: [
        { id: 'in', kind: 'Input', params: { dataset: 'vec', feature: 'x' }, position: { x: 0, y: 0 } },
        { id: 'bn', kind: 'BatchNormalization', params: { momentum: 0.5 }, position: { x: 0, y: 0 } },
        { id: 'h', kind: 'TaskHead', params: { dataset: 'vec', task: 'a' }, position: { x: 0, y: 0 } },
      ],
      edges: [
        { id: 'e1', source: 'in', sourcePort: 'out', target: 'bn', targetPort: 'in' },
        { id: 'e2', source: 'bn', sourcePort: 'out', target: 'h', targetPort: 'in' },
      ],
    };
    const m = buildModel(tf, design, [vec], { seed: 1 });
    expect(m.stateVariables.map((v) => v.name.replace(/_\d+$/, ''))).toEqual(['bn.batchnorm/moving_mean', 'bn.batchnorm/moving_variance']);
    const mean = () => Array.from(m.stateVariables[0].dataSync());
    const x = tensors(tf, rawBatch(vec, 8, 4));
    tf.tidy(() => m.forward('vec', x, false));
    expect(mean()).toEqual([0, 0, 0, 0, 0, 0]);
    tf.tidy(() => m.forward('vec', x, true));
    expect(mean().some((v) => Math.abs(v) > 1e-3)).toBe(true);
    expect(m.countParams()).toBe(6 * 4 + 6 * 2 + 2);
    tf.dispose(Object.values(x));
    m.dispose();
  });
});
