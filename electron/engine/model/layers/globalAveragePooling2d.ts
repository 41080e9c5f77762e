// GlobalAveragePooling2D: [h, w, c] -> [c].
import type { LayerBuilder } from '../types.js';
import { chain } from './common.js';

export const GlobalAveragePooling2DBuilder: LayerBuilder = {
  kind: 'GlobalAveragePooling2D',
  create: (ctx) => chain(ctx.tf.layers.globalAveragePooling2d({ name: ctx.name('gap2d') })),
};
