// Concatenate: the catalog's axis excludes the batch (0 = first feature axis, -1 = last).
import type { LayerBuilder } from '../types.js';
import { merge } from './common.js';

export const ConcatenateBuilder: LayerBuilder = {
  kind: 'Concatenate',
  create(ctx) {
    const a = ctx.params.axis as number;
    return merge(ctx.tf.layers.concatenate({ axis: a < 0 ? a : a + 1, name: ctx.name('concat') }));
  },
};
