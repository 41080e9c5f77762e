// AvgPool2D: strides 0 = the pool size.
import type { LayerBuilder } from '../types.js';
import { chain } from './common.js';

export const AvgPool2DBuilder: LayerBuilder = {
  kind: 'AvgPool2D',
  create(ctx) {
    const p = ctx.params;
    return chain(ctx.tf.layers.averagePooling2d({ poolSize: p.poolSize, strides: p.strides || p.poolSize, padding: p.padding, name: ctx.name('avgpool') }));
  },
};
