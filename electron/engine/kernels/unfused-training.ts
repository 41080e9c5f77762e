// While gradients are being recorded, run tf.fused.conv2d / tf.fused.matMul (what tf.layers'
// Conv2D and Dense call) as their unfused ops (conv2d / matMul, add bias, activation).
//
// Why: the fused ops' gradient is a customGrad that computes every input's gradient, the
// layer input's included. For the first layer of a model that is the gradient with respect to
// the data, which nothing uses: for MultiLeNet's first convolution it is a 256×28×28×1
// backprop-input convolution, the most expensive kernel of the step. The unfused ops go
// through the tape, which prunes gradients that do not lead to a variable. Results are the
// same arithmetic (bias added after the convolution rather than inside it). Outside gradient
// recording (inference), the fused kernels run as before.
import * as tf from '@tensorflow/tfjs-core';
import { convTrain } from './conv-train.js';
import { denseTrain } from './dense-train.js';

type FusedConvArgs = Parameters<typeof tf.fused.conv2d>[0];
type FusedMatMulArgs = Parameters<typeof tf.fused.matMul>[0];

let installed = false;

function linear(activation: string | undefined | null, prelu: unknown): boolean {
  return (activation == null || activation === 'linear') && prelu == null;
}

function recording(): boolean {
  return (tf.engine().state as unknown as { gradientDepth: number }).gradientDepth > 0;
}

const ACTIVATIONS: Record<string, (x: tf.Tensor, alpha?: number) => tf.Tensor> = {
  relu: (x) => tf.relu(x),
  relu6: (x) => tf.relu6(x),
  elu: (x) => tf.elu(x),
  sigmoid: (x) => tf.sigmoid(x),
  leakyrelu: (x, alpha) => tf.leakyRelu(x, alpha ?? 0.2),
};

function activate(y: tf.Tensor, activation: string | undefined | null, alpha?: number): tf.Tensor | null {
  if (activation == null || activation === 'linear') return y;
  const f = ACTIVATIONS[activation];
  return f ? f(y, alpha) : null;
}

/** Installs the unfused-while-training path for tf.fused.conv2d and tf.fused.matMul (idempotent). */
export function installUnfusedTrainingOps(): void {
  if (installed) return;
  const fused = tf.fused as { conv2d: typeof tf.fused.conv2d; matMul: typeof tf.fused.matMul };
  const conv2d = fused.conv2d;
  const matMul = fused.matMul;
  fused.conv2d = ((args: FusedConvArgs) => {
    if (!recording() || args.preluActivationWeights != null || (args.dataFormat ?? 'NHWC') !== 'NHWC') return conv2d(args);
    const conv = convTrain(args); // one tape node with its own pruned gradient, where the backend has it
    if (conv) return conv;
    const ok = args.activation == null || args.activation === 'linear' || args.activation in ACTIVATIONS;
    if (!ok) return conv2d(args);
    return tf.tidy(() => {
      let y: tf.Tensor = tf.conv2d(args.x as tf.Tensor4D, args.filter as tf.Tensor4D, args.strides, args.pad,
        'NHWC', args.dilations ?? [1, 1], args.dimRoundingMode);
      if (args.bias != null) y = tf.add(y, args.bias);
      return activate(y, args.activation, args.leakyreluAlpha) as tf.Tensor4D;
    });
  }) as typeof tf.fused.conv2d;
  fused.matMul = ((args: FusedMatMulArgs) => {
    if (!recording() || !linear(null, args.preluActivationWeights)) return matMul(args);
    const dense = denseTrain(args); // one tape node with its own pruned gradient, where the backend has it
    if (dense) return dense as ReturnType<typeof tf.fused.matMul>;
    const ok = args.activation == null || args.activation === 'linear' || args.activation in ACTIVATIONS;
    if (!ok) return matMul(args);
    return tf.tidy(() => {
      let y: tf.Tensor = tf.matMul(args.a, args.b, args.transposeA ?? false, args.transposeB ?? false);
      if (args.bias != null) y = tf.add(y, args.bias);
      return activate(y, args.activation, args.leakyreluAlpha) as tf.Tensor;
    });
  }) as typeof tf.fused.matMul;
  installed = true;
}
