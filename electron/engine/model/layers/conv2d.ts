// Conv2D: tf.layers.conv2d (channels last), glorot-uniform kernel seeded per node.
import type { LayerBuilder } from '../types.js';
import { activation, chain, glorot } from './common.js';

export const Conv2DBuilder: LayerBuilder = {
  kind: 'Conv2D',
  create(ctx) {
    const p = ctx.params;
    const act = activation(ctx);
    const conv = ctx.tf.layers.conv2d({
      filters: p.filters,
      kernelSize: p.kernelSize,
      strides: p.strides,
      padding: p.padding,
      activation: act.inline as any,
      useBias: p.useBias,
      kernelInitializer: glorot(ctx, 'kernel'),
      biasInitializer: 'zeros',
      name: ctx.name('conv2d'),
    });
    return chain(conv, act.after);
  },
};
