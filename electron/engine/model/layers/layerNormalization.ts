// LayerNormalization over the last axis.
import type { LayerBuilder } from '../types.js';
import { chain } from './common.js';

export const LayerNormalizationBuilder: LayerBuilder = {
  kind: 'LayerNormalization',
  create: (ctx) => chain(ctx.tf.layers.layerNormalization({ axis: -1, epsilon: ctx.params.epsilon as number, name: ctx.name('layernorm') })),
};
