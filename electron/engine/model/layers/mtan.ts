// MTAN block (custom layer, see custom/mtan.ts).
import { MTANLayer } from '../custom/mtan.js';
import type { LayerBuilder } from '../types.js';
import { block } from './blocks.js';

export const MTANBuilder: LayerBuilder = {
  kind: 'MTAN',
  create(ctx) {
    const p = ctx.params;
    return block(new MTANLayer({ numTasks: p.numTasks, levels: p.levels, units: p.units, activation: p.activation, seed: ctx.seed('mtan'), name: ctx.name('mtan') }), p.numTasks);
  },
};
