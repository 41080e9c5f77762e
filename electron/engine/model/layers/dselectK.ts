// DSelect-k block (custom layer, see custom/dselectK.ts).
import { DSelectKLayer } from '../custom/dselectK.js';
import type { LayerBuilder } from '../types.js';
import { block } from './blocks.js';

export const DSelectKBuilder: LayerBuilder = {
  kind: 'DSelectK',
  create(ctx) {
    const p = ctx.params;
    const layer = new DSelectKLayer({ numTasks: p.numTasks, numExperts: p.numExperts, k: p.k, expertUnits: p.expertUnits, expertActivation: p.expertActivation, gamma: p.gamma, seed: ctx.seed('dselect'), name: ctx.name('dselect') });
    return block(layer, p.numTasks);
  },
};
