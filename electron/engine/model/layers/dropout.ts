// Dropout: a reproducible mask stream seeded per node (see custom/seededDropout.ts).
import { SeededDropout } from '../custom/seededDropout.js';
import type { LayerBuilder } from '../types.js';
import { chain } from './common.js';

export const DropoutBuilder: LayerBuilder = {
  kind: 'Dropout',
  create: (ctx) => chain(new SeededDropout({ rate: ctx.params.rate as number, seed: ctx.seed('dropout'), name: ctx.name('dropout') })),
};
