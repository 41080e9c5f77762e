// Adam whose update is one loop per variable, in place on the wasm heap.
//
// tf.train.adam's applyGradients runs about 12 tensor ops per variable (and creates a scalar
// tensor for each number it multiplies by); on wasm each op costs tens of microseconds of
// bookkeeping whatever its size, so for small models the optimizer costs more than the maths
// (MMoE: ~0.6 ms per variable, ~9 ms a step). This optimizer is tf.AdamOptimizer (same state,
// same serialisation, same getWeights/setWeights) with that update done by a single pass over
// each variable, its two moments and its gradient, on the backend's own memory, written into
// fresh buffers that the variables are then assigned (never in place: a variable's data may be
// shared with other tensors in ways the backend's reference count does not show), so no other
// tensor ever sees a change. On any other backend it is exactly tf.AdamOptimizer.
import * as tf from '@tensorflow/tfjs-core';
import { heapF32, type Backend, type TensorInfo } from './wasm-util.js';
import { ptr, simdKernels } from './simd.js';

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
      // Fresh buffers always (see fusedAdamUpdate): engine-level sharing is invisible to backend.refCount.
      const targets = [value, m, v].map((t) => backend.makeOutput(t.shape, 'float32') as TensorInfo);
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

/** The moment buffers fusedAdamUpdate allocated and assigned (by variable): only those are written in place. */
const ownBuffers = new WeakMap<tf.Variable, object>();

/**
 * One Adam/AdamW update of one variable as PyTorch writes it, in place on the wasm heap:
 *   g ← g + l2·v (coupled L2, torch.optim.Adam's weight_decay)
 *   m ← β1·m + (1 − β1)·g;  s ← β2·s + (1 − β2)·g²
 *   v ← v·(1 − decoupled) − (lr / bc1)·m / (√(s / bc2) + ε)   (decoupled = lr·wd for AdamW)
 * Returns false (and does nothing) off wasm or for non-float32 tensors, so the caller runs its
 * own tensor ops there. Memory shared with another tensor is never written: a new buffer is
 * assigned instead.
 */
export function fusedAdamUpdate(v: tf.Variable, g: tf.Tensor, m: tf.Variable, s: tf.Variable, o: {
  lr: number; beta1: number; beta2: number; eps: number; bc1: number; bc2: number; l2?: number; decoupled?: number;
}): boolean {
  if (tf.getBackend() !== 'wasm' || v.dtype !== 'float32' || g.dtype !== 'float32' || g.size !== v.size) return false;
  const backend = tf.backend() as unknown as Backend;
  const f32 = Math.fround;
  // Fresh buffers for the variable always: its data may be shared at the engine level (tf.variable(x),
  // Variable.assign) while the backend's own refCount still says 1, so an in-place write would change
  // another tensor too (it made Adam diverge on wasm). The moments are written in place once they hold a
  // buffer this function allocated and assigned (nothing else was ever given it) that no clone shares
  // (refCount 1): two allocations, tensor wrappers and assigns fewer per variable and step.
  const targets = [v, m, s].map((t, j) =>
    j > 0 && ownBuffers.get(t) === t.dataId && backend.refCount(t.dataId) === 1 ? null : (backend.makeOutput(t.shape, 'float32') as TensorInfo));
  const G = heapF32(backend, g);
  const X = heapF32(backend, v);
  const M = heapF32(backend, m);
  const S = heapF32(backend, s);
  const Xo = targets[0] ? heapF32(backend, targets[0]) : X;
  const Mo = targets[1] ? heapF32(backend, targets[1]) : M;
  const So = targets[2] ? heapF32(backend, targets[2]) : S;
  const b1 = f32(o.beta1), b2 = f32(o.beta2), c1 = f32(1 - o.beta1), c2 = f32(1 - o.beta2);
  const lrc = f32(o.lr / o.bc1), bc2 = f32(o.bc2), eps = f32(o.eps);
  const l2 = f32(o.l2 ?? 0);
  const keep = f32(1 - (o.decoupled ?? 0));
  const n = v.size;
  const simd = simdKernels(backend);
  // the same float32 operations in the same order, four lanes at a time (simd/kernels.c adam_update)
  if (simd) {
    const [xo, mo, so] = targets.map((t, j) => ptr(backend, t ?? [v, m, s][j]));
    simd.adam_update(ptr(backend, v), ptr(backend, g), ptr(backend, m), ptr(backend, s), xo, mo, so, n, b1, b2, c1, c2, lrc, bc2, eps, l2, keep);
  }
  for (let k = 0; simd == null && k < n; k++) {
    const x = X[k];
    const gk = l2 !== 0 ? f32(G[k] + f32(x * l2)) : G[k];
    const mk = f32(f32(M[k] * b1) + f32(gk * c1));
    const sk = f32(f32(S[k] * b2) + f32(f32(gk * gk) * c2));
    Mo[k] = mk;
    So[k] = sk;
    const step = f32(f32(mk * lrc) / f32(f32(Math.sqrt(f32(sk / bc2))) + eps));
    Xo[k] = f32((keep !== 1 ? f32(x * keep) : x) - step);
  }
  [v, m, s].forEach((t, j) => {
    const out = targets[j];
    if (!out) return;
    const fresh = tf.engine().makeTensorFromTensorInfo(out) as tf.Tensor;
    t.assign(fresh);
    fresh.dispose();
    if (j > 0) ownBuffers.set(t, t.dataId);
  });
  return true;
}
