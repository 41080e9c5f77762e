// GlobalMaxPooling1D: [length, c] -> [c].
import type { LayerBuilder } from '../types.js';
import { chain } from './common.js';

export const GlobalMaxPooling1DBuilder: LayerBuilder = {
  kind: 'GlobalMaxPooling1D',
  create: (ctx) => chain(ctx.tf.layers.globalMaxPooling1d({ name: ctx.name('gmp1d') })),
};
