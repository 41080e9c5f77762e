// The bench's fixed models, built directly with tf.layers ("raw tfjs", independent of the engine).
//  - MultiLeNet (Sener & Koltun 2018): conv 1→10 k5, max-pool 2, relu; conv 10→20 k5, max-pool 2,
//    relu; flatten 320; dense 50 relu = shared representation; per task dense 50 relu, dense 10.
//  - MMoE (Ma et al. 2018): 8 experts of 16 relu units over 100 features (one 100→128 matmul,
//    the same arithmetic as 8 separate 100→16 layers), one softmax gate of 8 per task, per task a
//    tower of 8 relu units and one linear output.
// The PyTorch references in bench/reference/ build the same layers with the same sizes.
import * as tf from '@tensorflow/tfjs';

export interface BenchModel {
  /** x → shared representation (the part every task's gradient flows through). */
  shared: tf.LayersModel;
  /** Per task: shared representation (and x, for MMoE's gates) → task output. */
  heads: tf.LayersModel[];
  /** Full forward in training mode: one output per task. */
  forward(x: tf.Tensor): tf.Tensor[];
  /** Per-task loss from one output. */
  loss(task: number, out: tf.Tensor, y: tf.Tensor): tf.Scalar;
  /** Task heads as a function of the shared representation (for representation-level strategies). */
  headsFromShared?(z: tf.Tensor, task: number): tf.Tensor;
  sharedVars: tf.Variable[];
  headVars: tf.Variable[][];
  allVars: tf.Variable[];
}

function trainableVars(m: tf.LayersModel): tf.Variable[] {
  return m.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
}

export function multiLeNet(): BenchModel {
  const input = tf.input({ shape: [28, 28, 1] });
  let h = tf.layers.conv2d({ filters: 10, kernelSize: 5 }).apply(input) as tf.SymbolicTensor;
  h = tf.layers.maxPooling2d({ poolSize: 2 }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.activation({ activation: 'relu' }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.conv2d({ filters: 20, kernelSize: 5 }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.maxPooling2d({ poolSize: 2 }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.activation({ activation: 'relu' }).apply(h) as tf.SymbolicTensor;
  h = tf.layers.flatten().apply(h) as tf.SymbolicTensor;
  const z = tf.layers.dense({ units: 50, activation: 'relu' }).apply(h) as tf.SymbolicTensor;
  const shared = tf.model({ inputs: input, outputs: z });
  const heads = [0, 1].map(() => tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [50], units: 50, activation: 'relu' }),
      tf.layers.dense({ units: 10 }),
    ],
  }));
  const sharedVars = trainableVars(shared);
  const headVars = heads.map(trainableVars);
  return {
    shared,
    heads,
    forward: (x) => {
      const zz = shared.apply(x, { training: true }) as tf.Tensor;
      return heads.map((hd) => hd.apply(zz, { training: true }) as tf.Tensor);
    },
    headsFromShared: (zz, t) => heads[t].apply(zz, { training: true }) as tf.Tensor,
    loss: (_t, out, y) => tf.losses.softmaxCrossEntropy(y, out) as tf.Scalar,
    sharedVars,
    headVars,
    allVars: [...sharedVars, ...headVars.flat()],
  };
}

export function mmoe(features = 100, experts = 8, expertUnits = 16, tower = 8, tasks = 2): BenchModel {
  const input = tf.input({ shape: [features] });
  const e = tf.layers.dense({ units: experts * expertUnits, activation: 'relu' }).apply(input) as tf.SymbolicTensor;
  const eStack = tf.layers.reshape({ targetShape: [experts, expertUnits] }).apply(e) as tf.SymbolicTensor;
  const shared = tf.model({ inputs: input, outputs: eStack });
  const outputs: tf.SymbolicTensor[] = [];
  for (let t = 0; t < tasks; t++) {
    const g = tf.layers.dense({ units: experts, activation: 'softmax' }).apply(input) as tf.SymbolicTensor;
    const g3 = tf.layers.reshape({ targetShape: [1, experts] }).apply(g) as tf.SymbolicTensor;
    const mix = tf.layers.dot({ axes: [2, 1] }).apply([g3, eStack]) as tf.SymbolicTensor; // [B, 1, units]
    const flat = tf.layers.flatten().apply(mix) as tf.SymbolicTensor;
    const tw = tf.layers.dense({ units: tower, activation: 'relu' }).apply(flat) as tf.SymbolicTensor;
    outputs.push(tf.layers.dense({ units: 1 }).apply(tw) as tf.SymbolicTensor);
  }
  const full = tf.model({ inputs: input, outputs });
  const sharedVars = trainableVars(shared);
  const sharedSet = new Set(sharedVars);
  const rest = trainableVars(full).filter((v) => !sharedSet.has(v));
  const per = rest.length / tasks;
  const headVars = Array.from({ length: tasks }, (_, t) => rest.slice(t * per, (t + 1) * per));
  return {
    shared,
    heads: [full],
    forward: (x) => full.apply(x, { training: true }) as tf.Tensor[],
    loss: (_t, out, y) => tf.losses.meanSquaredError(y, out.reshape([-1])) as tf.Scalar,
    sharedVars,
    headVars,
    allVars: [...sharedVars, ...rest],
  };
}
