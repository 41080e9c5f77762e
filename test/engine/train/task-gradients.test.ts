import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../electron/engine/model/index.js';
import { taskGradients } from '../../../electron/engine/train/task-gradients.js';
import { maskedMean, rowLosses } from '../../../electron/engine/train/losses.js';
import type { Scalar } from '../../../electron/engine/train/tf.js';
import { tf, tinyDataset, trunkDesign, useCpu } from './helpers.js';

describe('per-task gradients from one recorded forward pass', () => {
  it('equal the gradients tf.variableGrads computes task by task, and leak nothing', async () => {
    await useCpu();
    const ds = tinyDataset({ rows: 40, tasks: ['left', 'right', 'value'] });
    const design = trunkDesign([{ dataset: 'tiny', task: 'left' }, { dataset: 'tiny', task: 'right' }, { dataset: 'tiny', task: 'value' }]);
    const model = buildModel(tf, design, [ds.info], { seed: 3 });
    const x = tf.tensor2d(ds.features.x, [40, 8]);
    const y = Object.fromEntries(Object.entries(ds.labels).map(([k, v]) => [k, tf.tensor1d(v)]));
    const mask = tf.ones([40]);
    const losses = (): Scalar[] => {
      const out = model.forward('tiny', { x }, false);
      return [
        maskedMean(tf, rowLosses(tf, 'crossentropy', out.left, y.left, 3), mask),
        maskedMean(tf, rowLosses(tf, 'binary-crossentropy', out.right, y.right, 1), mask),
        maskedMean(tf, rowLosses(tf, 'mse', out.value, y.value, 1), mask),
      ];
    };
    const keys = ['left', 'right', 'value'];
    const varsFor = (i: number) => [...model.sharedVariables, ...model.taskVariables[keys[i]]];
    const before = tf.memory().numTensors;
    const mine = tf.tidy(() => {
      const { grads, extras, onePass } = taskGradients(tf, () => ({ losses: losses(), extras: tf.stack(losses()) }), varsFor);
      expect(onePass).toBe(true);
      extras!.dispose();
      return grads.map((g) => Object.fromEntries(Object.entries(g).map(([k, t]) => [k, Array.from(t.dataSync())])));
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(model.sharedVariables.length).toBeGreaterThan(0);
    keys.forEach((key, i) => {
      const ref = tf.tidy(() => {
        const { grads } = tf.variableGrads(() => losses()[i], varsFor(i));
        return Object.fromEntries(Object.entries(grads).map(([k, t]) => [k, Array.from(t.dataSync())]));
      });
      expect(Object.keys(mine[i]).sort()).toEqual(Object.keys(ref).sort());
      // a task's gradient reaches the shared trunk and its own head, never another head
      for (const v of model.sharedVariables) expect(mine[i][v.name]).toBeDefined();
      for (const other of keys) if (other !== key) for (const v of model.taskVariables[other]) expect(mine[i][v.name]).toBeUndefined();
      for (const [name, values] of Object.entries(ref)) {
        values.forEach((v, j) => expect(mine[i][name][j]).toBeCloseTo(v, 5));
      }
    });
    x.dispose();
    mask.dispose();
    Object.values(y).forEach((t) => t.dispose());
    model.dispose();
  });
});
