// A small multilayer perceptron built from a custom layer's own weights (experts and gates of MTL blocks).
import * as tf from '@tensorflow/tfjs';
import { deriveSeed } from '../seeds.js';

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

/** Mixes experts [batch, units] by gate weights [batch, E]: sum_e g[:, e] * expert_e. */
export function mixExperts(gate: tf.Tensor, experts: tf.Tensor[]): tf.Tensor {
  const stacked = tf.stack(experts, 1) as tf.Tensor3D; // [batch, E, units]
  const g = tf.expandDims(gate, 1) as tf.Tensor3D; // [batch, 1, E]
  const mixed = tf.matMul(g, stacked); // [batch, 1, units]
  return tf.squeeze(mixed, [1]);
}

/** The shape list a multi-input layer was given (tfjs passes a single shape for a single input). */
export function shapeList(inputShape: tf.Shape | tf.Shape[]): tf.Shape[] {
  return Array.isArray(inputShape[0]) ? (inputShape as tf.Shape[]) : [inputShape as tf.Shape];
}

export function tensorList(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
  return Array.isArray(inputs) ? inputs : [inputs];
}
