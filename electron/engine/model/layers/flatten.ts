// Flatten: any shape -> [size]. A flat input ([batch, n]) stays as it is, as in Keras (whose Flatten the
// validator follows); tfjs's own Flatten refuses inputs of rank < 3, so there a Reshape to [n] stands in.
import type { LayerBuilder } from '../types.js';

type Layer = import('@tensorflow/tfjs').layers.Layer;
type SymbolicTensor = import('@tensorflow/tfjs').SymbolicTensor;

export const FlattenBuilder: LayerBuilder = {
  kind: 'Flatten',
  create: (ctx) => {
    // made at the first route's apply (every route brings the same shape here: the validator checks it)
    let layer: Layer | null = null;
    return {
      apply(inputs) {
        const x = inputs[0][0];
        layer ??=
          x.shape.length <= 2
            ? ctx.tf.layers.reshape({ targetShape: [x.shape[1] as number], name: ctx.name('flatten') })
            : ctx.tf.layers.flatten({ name: ctx.name('flatten') });
        return { out: layer.apply(x) as SymbolicTensor };
      },
      layers: () => (layer ? [layer] : []),
    };
  },
};
