// PLE block: stacked CGC levels (custom layer, see custom/ple.ts).
import { PLELayer } from '../custom/ple.js';
import type { LayerBuilder } from '../types.js';
import { block } from './blocks.js';

export const PLEBuilder: LayerBuilder = {
  kind: 'PLE',
  create(ctx) {
    const p = ctx.params;
    const layer = new PLELayer({
      numTasks: p.numTasks,
      levels: p.levels,
      sharedExperts: p.sharedExperts,
      taskExperts: p.taskExperts,
      expertUnits: p.expertUnits,
      expertActivation: p.expertActivation,
      seed: ctx.seed('ple'),
      name: ctx.name('ple'),
    });
    return block(layer, p.numTasks);
  },
};
