// MMoE (Ma et al. 2018) as one custom tfjs layer: numExperts experts (each one Dense(expertUnits,
// expertActivation)) see the input; task k's softmax gate (Dense(numExperts)) mixes them into output k.
import * as tf from '@tensorflow/tfjs';
import { activationFn } from '../activations.js';
import { deriveSeed } from '../seeds.js';
import { addMlp, gateMix, mlpVariables, runExperts, shapeList, tensorList, type AddWeight, type Mlp } from './mlp.js';
import { once } from '../../kernels/layer-once.js';

export interface MMoEConfig {
  numTasks: number;
  numExperts: number;
  expertUnits: number;
  expertActivation: string;
  seed: number;
}

export class MMoELayer extends tf.layers.Layer {
  static className = 'MMoE';
  readonly cfg: MMoEConfig;
  private experts: Mlp[] = [];
  private gates: Mlp[] = [];

  constructor(args: MMoEConfig & { name?: string; trainable?: boolean }) {
    super({ name: args.name, trainable: args.trainable });
    this.cfg = {
      numTasks: args.numTasks,
      numExperts: args.numExperts,
      expertUnits: args.expertUnits,
      expertActivation: args.expertActivation,
      seed: args.seed,
    };
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = shapeList(inputShape)[0];
    const d = shape[shape.length - 1] as number;
    const { numExperts, numTasks, expertUnits, seed } = this.cfg;
    const add: AddWeight = (name, shape, init) => this.addWeight(name, shape, 'float32', init);
    this.experts = Array.from({ length: numExperts }, (_, e) => addMlp(add, `expert${e}`, d, [expertUnits], deriveSeed(seed, 'expert', String(e))));
    this.gates = Array.from({ length: numTasks }, (_, k) => addMlp(add, `gate${k}`, d, [numExperts], deriveSeed(seed, 'gate', String(k))));
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape[] {
    const shape = shapeList(inputShape)[0];
    return Array.from({ length: this.cfg.numTasks }, () => [shape[0], this.cfg.expertUnits]);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs?: { training?: boolean }): tf.Tensor[] {
    // tfjs-layers applies a multi-output layer once per output: compute once per pass (kernels/layer-once.ts).
    return once(this, inputs, kwargs, () => tf.tidy(() => {
      const x = tensorList(inputs)[0];
      const act = activationFn(tf, this.cfg.expertActivation);
      // [batch, E, units]: one kernel (or one product) for all experts; one kernel per task's gate and mixture
      const stacked = runExperts(x, this.experts, act, this.cfg.expertActivation);
      return this.gates.map((g) => gateMix(x, g, stacked));
    }));
  }

  /** Output task k depends on every expert and on gate k only. */
  weightsForPorts(ports: string[]): tf.Variable[] {
    const ks = ports.map((p) => Number(p.replace(/^task/, '')));
    return [...this.experts.flatMap(mlpVariables), ...ks.flatMap((k) => (this.gates[k] ? mlpVariables(this.gates[k]) : []))];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.cfg };
  }
}
tf.serialization.registerClass(MMoELayer);
