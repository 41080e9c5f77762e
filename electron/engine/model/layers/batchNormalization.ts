// BatchNormalization over the last axis; its moving mean and variance are non-trainable state.
import type { LayerBuilder } from '../types.js';
import { chain } from './common.js';

export const BatchNormalizationBuilder: LayerBuilder = {
  kind: 'BatchNormalization',
  create(ctx) {
    const p = ctx.params;
    return chain(ctx.tf.layers.batchNormalization({ axis: -1, momentum: p.momentum, epsilon: p.epsilon, name: ctx.name('batchnorm') }));
  },
};
