// Reshape: targetShape excludes the batch; one -1 is inferred.
import type { LayerBuilder } from '../types.js';
import { chain } from './common.js';

export const ReshapeBuilder: LayerBuilder = {
  kind: 'Reshape',
  create: (ctx) => chain(ctx.tf.layers.reshape({ targetShape: ctx.params.targetShape as number[], name: ctx.name('reshape') })),
};
