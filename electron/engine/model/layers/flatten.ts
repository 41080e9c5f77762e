// Flatten: any shape -> [size].
import type { LayerBuilder } from '../types.js';
import { chain } from './common.js';

export const FlattenBuilder: LayerBuilder = {
  kind: 'Flatten',
  create: (ctx) => chain(ctx.tf.layers.flatten({ name: ctx.name('flatten') })),
};
