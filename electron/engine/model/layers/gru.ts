// GRU over a sequence [length, features].
import type { LayerBuilder } from '../types.js';
import { recurrentLayer } from './recurrent.js';

export const GRUBuilder: LayerBuilder = { kind: 'GRU', create: (ctx) => recurrentLayer(ctx, 'gru') };
