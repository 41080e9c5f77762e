// "Raw tfjs" training steps for the bench: what a careful hand-written tfjs loop does, with no
// value read back to JS inside a step (the caller syncs once at the end of the timed steps).
//  - ew:      one backward pass of the summed task losses.
//  - pcgrad:  one backward pass per task, conflicting shared-parameter gradients projected onto
//             each other's normal plane (Yu et al. 2020), computed on the backend without a sync.
//  - mgda-ub: per-task gradients on the shared representation (Sener & Koltun's upper bound),
//             closed-form min-norm weights for 2 tasks, one backward pass of the weighted loss.
import * as tf from '@tensorflow/tfjs';
import type { BenchModel } from './models.js';

export type Strategy = 'ew' | 'pcgrad' | 'mgda-ub';

export interface Batch { x: tf.Tensor; y: tf.Tensor[] }

export type Step = (batch: Batch) => tf.Scalar;

export function rawStep(model: BenchModel, optimizer: tf.Optimizer, strategy: Strategy): Step {
  const tasks = model.sharedVars.length ? model.headVars.length : 0;
  if (strategy === 'ew') {
    return (b) => optimizer.minimize(() => {
      const outs = model.forward(b.x);
      return tf.addN(outs.map((o, t) => model.loss(t, o, b.y[t]))) as tf.Scalar;
    }, true, model.allVars) as tf.Scalar;
  }
  if (strategy === 'pcgrad') {
    return (b) => tf.tidy(() => {
      const per: tf.NamedTensorMap[] = [];
      let total: tf.Scalar = tf.scalar(0);
      for (let t = 0; t < tasks; t++) {
        const vars = [...model.sharedVars, ...model.headVars[t]];
        const { value, grads } = tf.variableGrads(() => {
          const z = model.shared.apply(b.x, { training: true }) as tf.Tensor;
          return model.loss(t, model.headsFromShared!(z, t), b.y[t]);
        }, vars);
        total = total.add(value);
        per.push(grads);
      }
      const names = model.sharedVars.map((v) => v.name);
      const flat = per.map((g) => tf.concat(names.map((n) => g[n].reshape([-1]))));
      // Project each task's shared gradient off the others' where they conflict (2 or more tasks).
      const projected = flat.map((gi, i) => {
        let g = gi;
        for (let j = 0; j < flat.length; j++) {
          if (j === i) continue;
          const dot = tf.sum(tf.mul(g, flat[j]));
          const coef = tf.minimum(dot, 0).div(tf.sum(tf.square(flat[j])).add(1e-12));
          g = g.sub(flat[j].mul(coef));
        }
        return g;
      });
      const merged = tf.addN(projected);
      const out: tf.NamedTensorMap = {};
      let off = 0;
      for (const v of model.sharedVars) {
        out[v.name] = merged.slice(off, v.size).reshape(v.shape);
        off += v.size;
      }
      per.forEach((g, t) => model.headVars[t].forEach((v) => { out[v.name] = g[v.name]; }));
      optimizer.applyGradients(out);
      return total;
    });
  }
  // mgda-ub
  return (b) => {
    const alpha = tf.tidy(() => {
      const z = model.shared.apply(b.x, { training: true }) as tf.Tensor;
      const g = [0, 1].map((t) => tf.grad((zz: tf.Tensor) => model.loss(t, model.headsFromShared!(zz, t), b.y[t]))(z));
      // min_a |a g1 + (1 − a) g2|², a = clip(((g2 − g1)·g2) / |g1 − g2|², 0, 1)
      const d = g[0].sub(g[1]);
      return tf.clipByValue(tf.sum(tf.mul(g[1].sub(g[0]), g[1])).div(tf.sum(tf.square(d)).add(1e-12)), 0, 1);
    });
    const loss = optimizer.minimize(() => {
      const outs = model.forward(b.x);
      const l0 = model.loss(0, outs[0], b.y[0]);
      const l1 = model.loss(1, outs[1], b.y[1]);
      return l0.mul(alpha).add(l1.mul(tf.scalar(1).sub(alpha))) as tf.Scalar;
    }, true, model.allVars) as tf.Scalar;
    alpha.dispose();
    return loss;
  };
}
