// Cross-stitch unit (Misra et al. 2016) as a custom tfjs layer: K inputs of equal shape; output k =
// sum_j alpha[k][j] * input_j with a learned K×K matrix alpha initialised near the identity (the paper's
// 0.9 on the diagonal, the remaining 0.1 spread over the other columns).
import * as tf from '@tensorflow/tfjs';
import { shapeList, tensorList } from './mlp.js';
import { once } from '../../kernels/layer-once.js';

export interface CrossStitchConfig {
  numTasks: number;
}

/** The initial K×K mixing matrix, exactly as the Keras export writes it. */
export function crossStitchInit(k: number): number[][] {
  return Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? 0.9 : 0.1 / Math.max(1, k - 1))));
}

export class CrossStitchLayer extends tf.layers.Layer {
  static className = 'CrossStitch';
  readonly cfg: CrossStitchConfig;
  private alpha!: tf.LayerVariable;

  constructor(args: CrossStitchConfig & { name?: string; trainable?: boolean }) {
    super({ name: args.name, trainable: args.trainable });
    this.cfg = { numTasks: args.numTasks };
  }

  override build(_inputShape: tf.Shape | tf.Shape[]): void {
    const k = this.cfg.numTasks;
    const init = crossStitchInit(k);
    // A constant initial value: nothing random, so no seed.
    const initializer = { apply: () => tf.tensor2d(init, [k, k], 'float32') } as unknown as Parameters<tf.layers.Layer['addWeight']>[3];
    this.alpha = this.addWeight('alpha', [k, k], 'float32', initializer);
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape[] {
    const shapes = shapeList(inputShape);
    return Array.from({ length: this.cfg.numTasks }, () => [...shapes[0]]);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs?: { training?: boolean }): tf.Tensor[] {
    // tfjs-layers applies a multi-output layer once per output: compute once per pass (kernels/layer-once.ts).
    return once(this, inputs, kwargs, () => tf.tidy(() => {
      const xs = tensorList(inputs);
      const k = this.cfg.numTasks;
      const shape = xs[0].shape;
      const flat = tf.stack(xs.map((x) => tf.reshape(x, [-1])), 0) as tf.Tensor2D; // [K, batch*features]
      const mixed = tf.matMul(this.alpha.read() as tf.Tensor2D, flat); // [K, batch*features]
      return tf.unstack(mixed, 0).slice(0, k).map((m) => tf.reshape(m, shape));
    }));
  }

  /** alpha serves every output. */
  weightsForPorts(_ports: string[]): tf.Variable[] {
    return [this.alpha.read() as tf.Variable];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.cfg };
  }
}
tf.serialization.registerClass(CrossStitchLayer);
