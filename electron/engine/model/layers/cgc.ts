// CGC block: one PLE level (custom layer, see custom/ple.ts).
import { CGCLayer } from '../custom/ple.js';
import type { LayerBuilder } from '../types.js';
import { block } from './blocks.js';

export const CGCBuilder: LayerBuilder = {
  kind: 'CGC',
  create(ctx) {
    const p = ctx.params;
    const layer = new CGCLayer({
      numTasks: p.numTasks,
      sharedExperts: p.sharedExperts,
      taskExperts: p.taskExperts,
      expertUnits: p.expertUnits,
      expertActivation: p.expertActivation,
      seed: ctx.seed('cgc'),
      name: ctx.name('cgc'),
    });
    return block(layer, p.numTasks);
  },
};
