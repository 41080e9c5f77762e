// Multi-output layers computed once per forward pass.
//
// tfjs-layers' graph executor (tfjs-layers executor.ts, execute()) walks the model's symbolic
// tensors and calls `layer.apply` for each one it still needs, so a layer with k outputs (MMoE,
// CGC/PLE, cross-stitch: one output per task) runs k times on the same inputs in one forward
// pass, and the backward pass then goes through every copy. Measured on the bench's MMoE:
// 16 expert products a step for 8 experts. `once` returns the first call's outputs to the
// repeated calls of the same pass.
//
// "The same pass" is strict: the very same input tensor objects (none disposed), the same engine
// scope, the same gradient tape and the same training flag. A later forward pass, on the same
// batch or not, runs in another scope (or tape) and computes afresh, so gradients always flow
// through ops recorded in the pass that uses them.
import * as tf from '@tensorflow/tfjs-core';

interface Entry {
  inputs: tf.Tensor[];
  scope: unknown;
  tape: unknown;
  training: unknown;
  outputs: tf.Tensor[];
}

const last = new WeakMap<object, Entry>();

function state(): { activeScope: unknown; activeTape: unknown } {
  return tf.engine().state as unknown as { activeScope: unknown; activeTape: unknown };
}

/** Runs `compute` unless this layer already ran on exactly these inputs in this forward pass. */
export function once(layer: object, inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: unknown } | undefined,
  compute: () => tf.Tensor[]): tf.Tensor[] {
  const ins = Array.isArray(inputs) ? inputs : [inputs];
  const s = state();
  const training = kwargs?.training;
  const e = last.get(layer);
  if (e && e.scope === s.activeScope && e.tape === s.activeTape && e.training === training
    && e.inputs.length === ins.length && e.inputs.every((t, i) => t === ins[i] && !t.isDisposed)
    && e.outputs.every((t) => !t.isDisposed)) {
    return e.outputs;
  }
  const outputs = compute();
  last.set(layer, { inputs: ins, scope: s.activeScope, tape: s.activeTape, training, outputs });
  return outputs;
}
