// LSTM over a sequence [length, features].
import type { LayerBuilder } from '../types.js';
import { recurrentLayer } from './recurrent.js';

export const LSTMBuilder: LayerBuilder = { kind: 'LSTM', create: (ctx) => recurrentLayer(ctx, 'lstm') };
