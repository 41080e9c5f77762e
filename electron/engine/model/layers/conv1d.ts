// Conv1D: tf.layers.conv1d over [length, channels], glorot-uniform kernel seeded per node.
import type { LayerBuilder } from '../types.js';
import { activation, chain, glorot } from './common.js';

export const Conv1DBuilder: LayerBuilder = {
  kind: 'Conv1D',
  create(ctx) {
    const p = ctx.params;
    const act = activation(ctx);
    const conv = ctx.tf.layers.conv1d({
      filters: p.filters,
      kernelSize: p.kernelSize,
      strides: p.strides,
      padding: p.padding,
      activation: act.inline as any,
      useBias: p.useBias,
      kernelInitializer: glorot(ctx, 'kernel'),
      biasInitializer: 'zeros',
      name: ctx.name('conv1d'),
    });
    return chain(conv, act.after);
  },
};
