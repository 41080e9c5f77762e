// MaxPool2D: strides 0 = the pool size.
import type { LayerBuilder } from '../types.js';
import { chain } from './common.js';

export const MaxPool2DBuilder: LayerBuilder = {
  kind: 'MaxPool2D',
  create(ctx) {
    const p = ctx.params;
    return chain(ctx.tf.layers.maxPooling2d({ poolSize: p.poolSize, strides: p.strides || p.poolSize, padding: p.padding, name: ctx.name('maxpool') }));
  },
};
