// The catalog's activation names (shared/catalog/common.ts ACTIVATIONS) as tfjs layers.
import type { Tf } from './types.js';

type Layer = import('@tensorflow/tfjs').layers.Layer;

/** Activations tfjs-layers knows by identifier (passed as a layer's `activation`). */
const BUILTIN: Record<string, string> = {
  linear: 'linear',
  relu: 'relu',
  sigmoid: 'sigmoid',
  tanh: 'tanh',
  softmax: 'softmax',
  gelu: 'gelu',
  elu: 'elu',
};

/** Slope of leakyRelu for negative inputs: tf.nn.leaky_relu's, which the Keras export writes. */
export const LEAKY_RELU_ALPHA = 0.2;

export function isBuiltinActivation(name: string): boolean {
  return name in BUILTIN;
}

/**
 * How to apply an activation after a layer: the identifier to give the layer itself, and (for functions
 * tfjs has no identifier for) a separate layer to apply after it.
 */
export function splitActivation(tf: Tf, name: string | undefined, layerName: string): { inline: string; after: Layer | null } {
  const act = name ?? 'linear';
  if (act in BUILTIN) return { inline: BUILTIN[act], after: null };
  if (act === 'leakyRelu') return { inline: 'linear', after: tf.layers.leakyReLU({ alpha: LEAKY_RELU_ALPHA, name: layerName }) };
  throw new Error(`Unknown activation '${act}'`);
}

/** The activation as a standalone layer. */
export function activationLayer(tf: Tf, name: string, layerName: string): Layer {
  if (name === 'leakyRelu') return tf.layers.leakyReLU({ alpha: LEAKY_RELU_ALPHA, name: layerName });
  if (!(name in BUILTIN)) throw new Error(`Unknown activation '${name}'`);
  return tf.layers.activation({ activation: BUILTIN[name] as any, name: layerName });
}

/** The activation as a function on tensors (used inside custom layers). */
export function activationFn(tf: Tf, name: string): (x: import('@tensorflow/tfjs').Tensor) => import('@tensorflow/tfjs').Tensor {
  switch (name) {
    case 'linear':
      return (x) => x;
    case 'relu':
      return (x) => tf.relu(x);
    case 'sigmoid':
      return (x) => tf.sigmoid(x);
    case 'tanh':
      return (x) => tf.tanh(x);
    case 'softmax':
      return (x) => tf.softmax(x);
    case 'elu':
      return (x) => tf.elu(x);
    case 'leakyRelu':
      return (x) => tf.leakyRelu(x, LEAKY_RELU_ALPHA);
    case 'gelu':
      // As tfjs-layers' 'gelu': x * Φ(x), with the exact erf.
      return (x) => tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.div(x, Math.SQRT2)))));
    default:
      throw new Error(`Unknown activation '${name}'`);
  }
}
