// DSelect-k (Hazimeh et al., NeurIPS 2021, per-example gating) as one custom tfjs layer. Experts as MMoE's.
// Task t's gate: k selectors, each with m = ⌈log₂ n⌉ logits z (a Dense on the input); bit j of a selector is
// the smooth step S(z_j) (cubic on [−γ/2, γ/2], 0 or 1 outside); expert i's weight under a selector is
// Π_j (bit_ij ? S_j : 1 − S_j) over the 2^m codes, code c serving expert c mod n (so n need not be a power of
// 2 and the weights still sum to 1); a softmax over the k selectors (another Dense) mixes their weights; the
// output is the weighted sum of the experts.
import * as tf from '@tensorflow/tfjs';
import { codeBits } from '../../../../shared/catalog/layers/dselectK.js';
import { activationFn } from '../activations.js';
import { deriveSeed } from '../seeds.js';
import { addMlp, mixStacked, mlpVariables, runExperts, runMlp, shapeList, tensorList, type AddWeight, type Mlp } from './mlp.js';
import { once } from '../../kernels/layer-once.js';

export interface DSelectKConfig {
  numTasks: number;
  numExperts: number;
  k: number;
  expertUnits: number;
  expertActivation: string;
  gamma: number;
  seed: number;
}

/** S(z) = −2z³/γ³ + 3z/(2γ) + 1/2 on [−γ/2, γ/2], 0 below, 1 above (z clipped first: zero gradient outside). */
export function smoothStep(z: tf.Tensor, gamma: number): tf.Tensor {
  const c = tf.clipByValue(z, -gamma / 2, gamma / 2);
  return tf.add(tf.add(tf.mul(tf.pow(c, 3), -2 / gamma ** 3), tf.mul(c, 3 / (2 * gamma))), 0.5);
}

/** Expert weights [batch, n] from selector logits [batch, k·m] and mix logits [batch, k]. */
export function dselectWeights(z: tf.Tensor, mixLogits: tf.Tensor, n: number, k: number, gamma: number): tf.Tensor {
  const m = codeBits(n);
  const codes = 1 << m;
  const s = tf.reshape(smoothStep(z, gamma), [-1, k, 1, m]); // [batch, k, 1, m]
  const bits = tf.tensor2d(Array.from({ length: codes }, (_, c) => Array.from({ length: m }, (__, j) => (c >> j) & 1)), [codes, m]);
  const terms = tf.add(tf.sub(1, bits), tf.mul(tf.sub(tf.mul(bits, 2), 1), s)); // [batch, k, codes, m]
  const bit = (j: number) => tf.reshape(tf.slice(terms, [0, 0, 0, j], [-1, -1, -1, 1]), [-1, codes]);
  let r = bit(0);
  for (let j = 1; j < m; j++) r = tf.mul(r, bit(j)); // [batch·k, codes]: each selector's weights sum to 1
  const fold = tf.tensor2d(Array.from({ length: codes }, (_, c) => Array.from({ length: n }, (__, i) => (c % n === i ? 1 : 0))), [codes, n]);
  const perSelector = tf.reshape(tf.matMul(r as tf.Tensor2D, fold), [-1, k, n]); // [batch, k, n]
  const mix = tf.expandDims(tf.softmax(mixLogits), 1); // [batch, 1, k]
  return tf.squeeze(tf.matMul(mix as tf.Tensor3D, perSelector as tf.Tensor3D), [1]); // [batch, n]
}

export class DSelectKLayer extends tf.layers.Layer {
  static className = 'DSelectK';
  readonly cfg: DSelectKConfig;
  private experts: Mlp[] = [];
  private selectors: Mlp[] = [];
  private mixes: Mlp[] = [];

  constructor(args: DSelectKConfig & { name?: string }) {
    super({ name: args.name });
    this.cfg = { ...args };
    delete (this.cfg as { name?: string }).name;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = shapeList(inputShape)[0];
    const d = shape[shape.length - 1] as number;
    const { numExperts: n, numTasks, k, expertUnits, seed } = this.cfg;
    const add: AddWeight = (name, s, init) => this.addWeight(name, s, 'float32', init);
    this.experts = Array.from({ length: n }, (_, e) => addMlp(add, `expert${e}`, d, [expertUnits], deriveSeed(seed, 'expert', String(e))));
    this.selectors = Array.from({ length: numTasks }, (_, t) => addMlp(add, `selector${t}`, d, [k * codeBits(n)], deriveSeed(seed, 'selector', String(t))));
    this.mixes = Array.from({ length: numTasks }, (_, t) => addMlp(add, `mix${t}`, d, [k], deriveSeed(seed, 'mix', String(t))));
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape[] {
    const shape = shapeList(inputShape)[0];
    return Array.from({ length: this.cfg.numTasks }, () => [shape[0], this.cfg.expertUnits]);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs?: { training?: boolean }): tf.Tensor[] {
    return once(this, inputs, kwargs, () => tf.tidy(() => {
      const x = tensorList(inputs)[0];
      const { numExperts: n, k, gamma } = this.cfg;
      const stacked = runExperts(x, this.experts, activationFn(tf, this.cfg.expertActivation), this.cfg.expertActivation);
      const linear = (t: tf.Tensor) => t;
      return this.selectors.map((sel, t) => mixStacked(dselectWeights(runMlp(x, sel, linear), runMlp(x, this.mixes[t], linear), n, k, gamma), stacked));
    }));
  }

  /** Output task t depends on every expert and on gate t (its selectors and mix) only. */
  weightsForPorts(ports: string[]): tf.Variable[] {
    const ts = ports.map((p) => Number(p.replace(/^task/, '')));
    return [...this.experts.flatMap(mlpVariables), ...ts.flatMap((t) => (this.selectors[t] ? [...mlpVariables(this.selectors[t]), ...mlpVariables(this.mixes[t])] : []))];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.cfg };
  }
}
tf.serialization.registerClass(DSelectKLayer);
