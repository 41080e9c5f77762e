// GlobalAveragePooling1D: [length, c] -> [c].
import type { LayerBuilder } from '../types.js';
import { chain } from './common.js';

export const GlobalAveragePooling1DBuilder: LayerBuilder = {
  kind: 'GlobalAveragePooling1D',
  create: (ctx) => chain(ctx.tf.layers.globalAveragePooling1d({ name: ctx.name('gap1d') })),
};
