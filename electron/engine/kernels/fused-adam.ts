// Adam whose update is one loop per variable, in place on the wasm heap.
//
// tf.train.adam's applyGradients runs about 12 tensor ops per variable (and creates a scalar
// tensor for each number it multiplies by); on wasm each op costs tens of microseconds of
// bookkeeping whatever its size, so for small models the optimizer costs more than the maths
// (MMoE: ~0.6 ms per variable, ~9 ms a step). This optimizer is tf.AdamOptimizer (same state,
// same serialisation, same getWeights/setWeights) with that update done by a single pass over
// each variable, its two moments and its gradient, on the backend's own memory. Where a value's
// memory is shared with another tensor (a clone), it writes a new buffer instead, so no other
// tensor ever sees a change. On any other backend it is exactly tf.AdamOptimizer.
import * as tf from '@tensorflow/tfjs-core';
import { heapF32, type Backend, type TensorInfo } from './wasm-util.js';

interface OptimizerVariable { originalName: string; variable: tf.Variable }

function sizeOf(shape: number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export class WasmAdamOptimizer extends tf.AdamOptimizer {
  static override get className(): string {
    return 'Adam';
  }

  override applyGradients(variableGradients: tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[]): void {
    if (tf.getBackend() !== 'wasm') {
      super.applyGradients(variableGradients as Parameters<tf.AdamOptimizer['applyGradients']>[0]);
      return;
    }
    const self = this as unknown as {
      accumulatedFirstMoment: OptimizerVariable[];
      accumulatedSecondMoment: OptimizerVariable[];
      accBeta1: tf.Variable;
      accBeta2: tf.Variable;
      beta1: number;
      beta2: number;
      epsilon: number;
      learningRate: number;
      incrementIterations(): void;
    };
    const backend = tf.backend() as unknown as Backend;
    const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
    const registered = tf.engine().registeredVariables;
    const f32 = (x: number) => Math.fround(x);
    const beta1 = f32(self.beta1);
    const beta2 = f32(self.beta2);
    const omb1 = f32(1 - self.beta1);
    const omb2 = f32(1 - self.beta2);
    const acc1 = heapF32(backend, self.accBeta1)[0];
    const acc2 = heapF32(backend, self.accBeta2)[0];
    const bc1 = f32(1 - acc1);
    const bc2 = f32(1 - acc2);
    const eps = f32(self.epsilon);
    const lr = f32(-self.learningRate);
    names.forEach((name, i) => {
      const value = registered[name];
      if (self.accumulatedFirstMoment[i] == null) {
        self.accumulatedFirstMoment[i] = { originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      }
      if (self.accumulatedSecondMoment[i] == null) {
        self.accumulatedSecondMoment[i] = { originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) };
      }
      const gradient = Array.isArray(variableGradients) ? variableGradients[i].tensor : variableGradients[name];
      if (gradient == null) return;
      const m = self.accumulatedFirstMoment[i].variable;
      const v = self.accumulatedSecondMoment[i].variable;
      const n = sizeOf(value.shape);
      const targets = [value, m, v].map((t) => {
        if (backend.refCount(t.dataId) === 1) return null;
        return backend.makeOutput(t.shape, 'float32') as TensorInfo;
      });
      const G = heapF32(backend, gradient);
      const X = heapF32(backend, value);
      const M = heapF32(backend, m);
      const V = heapF32(backend, v);
      const Xo = targets[0] ? heapF32(backend, targets[0]) : X;
      const Mo = targets[1] ? heapF32(backend, targets[1]) : M;
      const Vo = targets[2] ? heapF32(backend, targets[2]) : V;
      for (let k = 0; k < n; k++) {
        const g = G[k];
        // Same order of float32 operations as tf.AdamOptimizer.
        const mk = f32(f32(M[k] * beta1) + f32(g * omb1));
        const vk = f32(f32(V[k] * beta2) + f32(f32(g * g) * omb2));
        Mo[k] = mk;
        Vo[k] = vk;
        const step = f32(f32(f32(mk / bc1) / f32(f32(Math.sqrt(f32(vk / bc2))) + eps)) * lr);
        Xo[k] = f32(step + X[k]);
      }
      [value, m, v].forEach((t, j) => {
        const out = targets[j];
        if (!out) return;
        const fresh = tf.engine().makeTensorFromTensorInfo(out) as tf.Tensor;
        t.assign(fresh);
        fresh.dispose();
      });
    });
    heapF32(backend, self.accBeta1)[0] = f32(acc1 * beta1);
    heapF32(backend, self.accBeta2)[0] = f32(acc2 * beta2);
    self.incrementIterations();
  }
}

/** Drop-in for tf.train.adam: fused on wasm, tf.AdamOptimizer elsewhere. */
export function adam(learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon?: number): WasmAdamOptimizer {
  return new WasmAdamOptimizer(learningRate, beta1, beta2, epsilon ?? tf.backend().epsilon());
}
