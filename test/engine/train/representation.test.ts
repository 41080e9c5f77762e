// The representation shortcut: per-task gradients on the shared trunk's output, one trunk backward of their
// combination. Its result must equal combining the per-task gradients on the shared parameters.
import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../electron/engine/model/index.js';
import { representationGradients, taskGradients } from '../../../electron/engine/train/task-gradients.js';
import { maskedMean, rowLosses } from '../../../electron/engine/train/losses.js';
import type { Scalar } from '../../../electron/engine/train/tf.js';
import { buildTemplate } from '../../../shared/templates/index.js';
import { config, runTraining, tf, tinyDataset, useCpu } from './helpers.js';

const ds = tinyDataset({ rows: 32, tasks: ['left', 'right', 'value'] });

describe('gradients on the shared representation', () => {
  for (const template of ['hps', 'mmoe', 'cgc', 'cross-stitch']) {
    it(`${template}: Σ α_k ∂L_k/∂θ through the representation equals the parameter-level combination`, async () => {
      await useCpu();
      const model = buildModel(tf, buildTemplate(template, [ds.info]), [ds.info], { seed: 5 });
      const keys = ['left', 'right', 'value'];
      const alpha = [0.2, 0.5, 0.3];
      const x = tf.tensor2d(ds.features.x, [32, 8]);
      const y = Object.fromEntries(keys.map((k) => [k, tf.tensor1d(ds.labels[k])]));
      const mask = tf.ones([32]);
      const losses = (): Scalar[] => {
        const out = model.forward('tiny', { x }, false);
        return [
          maskedMean(tf, rowLosses(tf, 'crossentropy', out.left, y.left, 3), mask),
          maskedMean(tf, rowLosses(tf, 'binary-crossentropy', out.right, y.right, 1), mask),
          maskedMean(tf, rowLosses(tf, 'mse', out.value, y.value, 1), mask),
        ];
      };
      const own = (i: number) => model.taskVariables[keys[i]] ?? [];
      const before = tf.memory().numTensors;
      let gramShape: number[] = [];
      const viaRep = tf.tidy(() => {
        const r = representationGradients(tf, () => ({ losses: losses() }), model.sharedVariables, own, ({ gram }) => {
          gramShape = gram.shape;
          return alpha;
        });
        expect(r, 'the design has a shared/task cut').not.toBeNull();
        return Object.fromEntries(Object.entries(r!.grads).map(([k, t]) => [k, Array.from(t.dataSync())]));
      });
      expect(gramShape).toEqual([3, 3]);
      expect(tf.memory().numTensors).toBe(before);
      const viaParams = tf.tidy(() => {
        const { grads } = taskGradients(tf, () => ({ losses: losses() }), (i) => [...model.sharedVariables, ...own(i)]);
        const out: Record<string, number[]> = {};
        for (const v of model.sharedVariables) {
          const sum = grads.reduce<number[] | null>((acc, g, i) => {
            const vals = g[v.name] ? Array.from(g[v.name].dataSync()).map((z) => z * alpha[i]) : null;
            if (!vals) return acc;
            return acc ? acc.map((a, j) => a + vals[j]) : vals;
          }, null);
          if (sum) out[v.name] = sum;
        }
        grads.forEach((g, i) => own(i).forEach((v) => g[v.name] && (out[v.name] = Array.from(g[v.name].dataSync()))));
        return out;
      });
      expect(Object.keys(viaRep).sort()).toEqual(Object.keys(viaParams).sort());
      for (const [name, values] of Object.entries(viaParams)) {
        const scale = Math.max(1e-6, ...values.map(Math.abs));
        values.forEach((v, j) => expect(Math.abs(viaRep[name][j] - v) / scale, name).toBeLessThan(1e-4));
      }
      x.dispose();
      mask.dispose();
      Object.values(y).forEach((t) => t.dispose());
      model.dispose();
    });
  }

  it('MGDA-UB takes the representation path by default, and trains', async () => {
    const big = tinyDataset({ rows: 300 });
    const run = await runTraining(config({ epochs: 3, weighting: { name: 'mgda', params: {} } }), [big]);
    expect(run.result.status, run.result.error).toBe('completed');
    expect(run.result.gradients).toBe('representation');
    expect(run.last('test', 'right', 'accuracy')!).toBeGreaterThan(0.7);
    // diagnostics stay on the shared parameters (from a probe batch)
    expect(run.last('diagnostics', 'left|right', 'grad_cos')).toBeDefined();
    const params = await runTraining(config({ epochs: 1, weighting: { name: 'mgda', params: { gradients: 'parameters' } } }), [big]);
    expect(params.result.gradients).toBe('parameters');
  });
});
