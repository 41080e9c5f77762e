// Helpers the layer builders share: chaining tfjs layers, seeded initializers, activations after a layer.
import { splitActivation } from '../activations.js';
import type { NodeContext, NodeLayers, Tf } from '../types.js';

type Layer = import('@tensorflow/tfjs').layers.Layer;
type SymbolicTensor = import('@tensorflow/tfjs').SymbolicTensor;

/** A node that is a chain of tfjs layers applied to the one tensor on its first input port. */
export function chain(...layers: (Layer | null)[]): NodeLayers {
  const list = layers.filter((l): l is Layer => l !== null);
  return {
    apply(inputs) {
      let x: SymbolicTensor = inputs[0][0];
      for (const l of list) x = l.apply(x) as SymbolicTensor;
      return { out: x };
    },
    layers: () => list,
  };
}

/** A node that is one tfjs layer applied to all operands on its first input port (merge layers). */
export function merge(layer: Layer): NodeLayers {
  return {
    apply(inputs) {
      return { out: layer.apply(inputs[0]) as SymbolicTensor };
    },
    layers: () => [layer],
  };
}

export function glorot(ctx: NodeContext, role: string) {
  return ctx.tf.initializers.glorotUniform({ seed: ctx.seed(role) });
}

/** The layer's own activation identifier and, for leakyRelu, the layer to chain after it. */
export function activation(ctx: NodeContext, role = 'act') {
  return splitActivation(ctx.tf as Tf, ctx.params.activation as string | undefined, ctx.name(role));
}
