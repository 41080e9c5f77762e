// MMoE block (custom layer, see custom/mmoe.ts).
import { MMoELayer } from '../custom/mmoe.js';
import type { LayerBuilder } from '../types.js';
import { block } from './blocks.js';

export const MMoEBuilder: LayerBuilder = {
  kind: 'MMoE',
  create(ctx) {
    const p = ctx.params;
    const layer = new MMoELayer({
      numTasks: p.numTasks,
      numExperts: p.numExperts,
      expertUnits: p.expertUnits,
      expertActivation: p.expertActivation,
      seed: ctx.seed('mmoe'),
      name: ctx.name('mmoe'),
    });
    return block(layer, p.numTasks);
  },
};
