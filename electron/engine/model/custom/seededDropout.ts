// Dropout with a reproducible mask stream. tfjs' own Dropout takes a fixed seed and so draws the same
// mask at every step (or, unseeded, draws from Math.random and cannot be repeated); this one draws step n's
// mask from seed + n, so a run's seed fixes every mask and masks still differ from step to step.
import * as tf from '@tensorflow/tfjs';

export interface SeededDropoutConfig {
  rate: number;
  seed: number;
}

export class SeededDropout extends tf.layers.Layer {
  static className = 'SeededDropout';
  readonly cfg: SeededDropoutConfig;
  /** Masks drawn so far (training calls). */
  private calls = 0;

  constructor(args: SeededDropoutConfig & { name?: string; trainable?: boolean }) {
    super({ name: args.name, trainable: args.trainable });
    this.cfg = { rate: args.rate, seed: args.seed };
    this.supportsMasking = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const rate = this.cfg.rate;
    if (!kwargs?.training || rate <= 0) return tf.clone(x);
    const seed = (this.cfg.seed + this.calls++) % 2147483647;
    return tf.tidy(() => {
      const keep = tf.cast(tf.greaterEqual(tf.randomUniform(x.shape, 0, 1, 'float32', seed), rate), 'float32');
      return tf.mul(x, tf.mul(keep, 1 / (1 - rate)));
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), ...this.cfg };
  }
}
tf.serialization.registerClass(SeededDropout);
