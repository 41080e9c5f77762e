// A small multilayer perceptron built from a custom layer's own weights (experts and gates of MTL blocks).
import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../seeds.js';
import { moeExperts, moeGateMix } from '../../kernels/moe.js';

type LayerVariable = tf.LayerVariable;

export interface Mlp {
  kernels: LayerVariable[];
  biases: LayerVariable[];
}

/** How a custom layer lends its (protected) addWeight. */
export type AddWeight = (name: string, shape: number[], initializer: ReturnType<typeof tf.initializers.zeros>) => LayerVariable;

/** Adds the weights of an MLP inDim -> units[0] -> ... -> units[n-1] through `add`, named `${prefix}/dense${i}/kernel|bias`. */
export function addMlp(add: AddWeight, prefix: string, inDim: number, units: number[], seed: number): Mlp {
  const kernels: LayerVariable[] = [];
  const biases: LayerVariable[] = [];
  let d = inDim;
  units.forEach((u, i) => {
    const name = `${prefix}/dense${i}`;
    kernels.push(
      add(`${name}/kernel`, [d, u], tf.initializers.glorotUniform({ seed: deriveSeed(seed, name, 'kernel') })),
    );
    biases.push(add(`${name}/bias`, [u], tf.initializers.zeros()));
    d = u;
  });
  return { kernels, biases };
}

/** x [batch, inDim] through the MLP; `act` after every layer (pass `finalAct` false to leave the last linear). */
export function runMlp(x: tf.Tensor, mlp: Mlp, act: (t: tf.Tensor) => tf.Tensor, finalAct = true): tf.Tensor {
  let h = x;
  mlp.kernels.forEach((k, i) => {
    h = tf.add(tf.matMul(h as tf.Tensor2D, k.read() as tf.Tensor2D), mlp.biases[i].read());
    if (finalAct || i < mlp.kernels.length - 1) h = act(h);
  });
  return h;
}

export function mlpVariables(mlp: Mlp): tf.Variable[] {
  return [...mlp.kernels, ...mlp.biases].map((w) => w.read() as tf.Variable);
}

/**
 * Experts that read the same x, stacked as [batch, n, units] (what tf.stack(experts.map(runMlp), 1) gives).
 * One-layer experts run as one product: their kernels side by side [inDim, n·units], their biases end to
 * end, one add and one activation, then a reshape — the same arithmetic as n products and a stack, in a
 * handful of kernel calls forward and backward instead of ~6n (the weights stay one variable per expert).
 */
export function runExperts(x: tf.Tensor, experts: Mlp[], act: (t: tf.Tensor) => tf.Tensor, activation?: string): tf.Tensor3D {
  const n = experts.length;
  if (n === 0 || experts.some((m) => m.kernels.length !== 1)) {
    return tf.stack(experts.map((m) => runMlp(x, m, act)), 1) as tf.Tensor3D;
  }
  // One kernel with a hand-written gradient where the backend has it (kernels/moe.ts: wasm, cpu) and the
  // activation is named and covered; the composed ops below elsewhere.
  const fused = activation === undefined ? null
    : moeExperts(x, experts.map((m) => m.kernels[0].read()), experts.map((m) => m.biases[0].read()), activation);
  if (fused) return fused;
  const units = experts[0].kernels[0].shape[1] as number;
  const kernel = n === 1 ? experts[0].kernels[0].read() : tf.concat(experts.map((m) => m.kernels[0].read()), 1);
  const bias = n === 1 ? experts[0].biases[0].read() : tf.concat(experts.map((m) => m.biases[0].read()), 0);
  const h = act(tf.add(tf.matMul(x as tf.Tensor2D, kernel as tf.Tensor2D), bias));
  return tf.reshape(h, [-1, n, units]) as tf.Tensor3D;
}

/** Mixes stacked experts [batch, E, units] by gate weights [batch, E]: sum_e g[:, e] * expert_e. */
export function mixStacked(gate: tf.Tensor, stacked: tf.Tensor3D): tf.Tensor {
  const g = tf.expandDims(gate, 1) as tf.Tensor3D; // [batch, 1, E]
  return tf.squeeze(tf.matMul(g, stacked), [1]);
}

/**
 * Task gate `gate` (one Dense(E) with a softmax) on x mixing stacked experts [batch, E, units]: one kernel per
 * gate where the backend has it (kernels/moe.ts), else softmax(runMlp) and mixStacked.
 */
export function gateMix(x: tf.Tensor, gate: Mlp, stacked: tf.Tensor3D): tf.Tensor {
  const fused = gate.kernels.length === 1 ? moeGateMix(x, gate.kernels[0].read(), gate.biases[0].read(), stacked) : null;
  return fused ?? mixStacked(runMlp(x, gate, (t) => tf.softmax(t)), stacked);
}

/** The shape list a multi-input layer was given (tfjs passes a single shape for a single input). */
export function shapeList(inputShape: tf.Shape | tf.Shape[]): tf.Shape[] {
  return Array.isArray(inputShape[0]) ? (inputShape as tf.Shape[]) : [inputShape as tf.Shape];
}

export function tensorList(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
  return Array.isArray(inputs) ? inputs : [inputs];
}
