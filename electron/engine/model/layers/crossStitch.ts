// CrossStitch block: K inputs in0..in{K-1} mixed into K outputs (custom layer, see custom/crossStitch.ts).
import { CrossStitchLayer } from '../custom/crossStitch.js';
import type { LayerBuilder } from '../types.js';
import { block } from './blocks.js';

export const CrossStitchBuilder: LayerBuilder = {
  kind: 'CrossStitch',
  create(ctx) {
    const p = ctx.params;
    return block(new CrossStitchLayer({ numTasks: p.numTasks, name: ctx.name('crossstitch') }), p.numTasks, true);
  },
};
