// Add: element-wise sum of all operands.
import type { LayerBuilder } from '../types.js';
import { merge } from './common.js';

export const AddBuilder: LayerBuilder = {
  kind: 'Add',
  create: (ctx) => merge(ctx.tf.layers.add({ name: ctx.name('add') })),
};
