// Dense: tf.layers.dense, glorot-uniform kernel seeded per node, zero bias.
import type { LayerBuilder } from '../types.js';
import { activation, chain, glorot } from './common.js';

export const DenseBuilder: LayerBuilder = {
  kind: 'Dense',
  create(ctx) {
    const p = ctx.params;
    const act = activation(ctx);
    const dense = ctx.tf.layers.dense({
      units: p.units,
      activation: act.inline as any,
      useBias: p.useBias,
      kernelInitializer: glorot(ctx, 'kernel'),
      biasInitializer: 'zeros',
      name: ctx.name('dense'),
    });
    return chain(dense, act.after);
  },
};
