// MTAN (Liu, Johns & Davison, CVPR 2019) on a flat input as one custom tfjs layer: shared trunk levels
// h_l = act(Dense_l(h_{l−1})); task t's feature at level l is mask ⊙ h_l with mask = sigmoid(Dense(relu(Dense(a))))
// where a = h_1 at the first level and [h_l ; f_l(t_{l−1})] after it (f_l a Dense-ReLU shared by the tasks).
import * as tf from '@tensorflow/tfjs';
import { activationFn } from '../activations.js';
import { deriveSeed } from '../seeds.js';
import { addMlp, mlpVariables, runMlp, shapeList, tensorList, type AddWeight, type Mlp } from './mlp.js';
import { once } from '../../kernels/layer-once.js';

export interface MTANConfig {
  numTasks: number;
  levels: number;
  units: number;
  activation: string;
  seed: number;
}

export class MTANLayer extends tf.layers.Layer {
  static className = 'MTAN';
  readonly cfg: MTANConfig;
  private trunk: Mlp[] = [];
  private f: Mlp[] = [];
  private att: Mlp[][] = [];

  constructor(args: MTANConfig & { name?: string }) {
    super({ name: args.name });
    this.cfg = { numTasks: args.numTasks, levels: args.levels, units: args.units, activation: args.activation, seed: args.seed };
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = shapeList(inputShape)[0];
    const d = shape[shape.length - 1] as number;
    const { numTasks, levels, units: u, seed } = this.cfg;
    const add: AddWeight = (name, s, init) => this.addWeight(name, s, 'float32', init);
    this.trunk = Array.from({ length: levels }, (_, l) => addMlp(add, `trunk${l}`, l === 0 ? d : u, [u], deriveSeed(seed, 'trunk', String(l))));
    this.f = Array.from({ length: levels - 1 }, (_, l) => addMlp(add, `shared_f${l + 1}`, u, [u], deriveSeed(seed, 'f', String(l))));
    this.att = Array.from({ length: numTasks }, (_, t) =>
      Array.from({ length: levels }, (__, l) => addMlp(add, `task${t}/attention${l}`, l === 0 ? u : 2 * u, [u, u], deriveSeed(seed, `attention${t}`, String(l)))),
    );
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape[] {
    const shape = shapeList(inputShape)[0];
    return Array.from({ length: this.cfg.numTasks }, () => [shape[0], this.cfg.units]);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs?: { training?: boolean }): tf.Tensor[] {
    return once(this, inputs, kwargs, () => tf.tidy(() => {
      let h = tensorList(inputs)[0];
      const act = activationFn(tf, this.cfg.activation);
      const shared = this.trunk.map((m) => (h = runMlp(h, m, act)));
      const relu = (t: tf.Tensor) => tf.relu(t);
      return this.att.map((levels) => {
        let t: tf.Tensor | null = null;
        levels.forEach((m, l) => {
          const a = t === null ? shared[l] : tf.concat([shared[l], runMlp(t, this.f[l - 1], relu)], -1);
          t = tf.mul(tf.sigmoid(runMlp(a, m, relu, false)), shared[l]);
        });
        return t as unknown as tf.Tensor;
      });
    }));
  }

  /** Output task t depends on the trunk, the shared f layers and task t's attention modules. */
  weightsForPorts(ports: string[]): tf.Variable[] {
    const ts = ports.map((p) => Number(p.replace(/^task/, '')));
    return [...this.trunk.flatMap(mlpVariables), ...this.f.flatMap(mlpVariables), ...ts.flatMap((t) => (this.att[t] ?? []).flatMap(mlpVariables))];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.cfg };
  }
}
tf.serialization.registerClass(MTANLayer);
