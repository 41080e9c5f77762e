// Shared by LSTM and GRU: glorot-uniform input kernel and orthogonal recurrent kernel, both seeded per node.
// Gates use the sigmoid (tf.keras' and PyTorch's choice, and what the Keras export writes) rather than tfjs'
// default hard sigmoid; an LSTM's forget-gate bias starts at 1 (Keras' unit_forget_bias).
import type { NodeContext, NodeLayers } from '../types.js';
import { chain, glorot } from './common.js';

export function recurrentLayer(ctx: NodeContext, which: 'lstm' | 'gru'): NodeLayers {
  const p = ctx.params;
  const args = {
    units: p.units as number,
    returnSequences: p.returnSequences as boolean,
    kernelInitializer: glorot(ctx, 'kernel'),
    recurrentInitializer: ctx.tf.initializers.orthogonal({ gain: 1, seed: ctx.seed('recurrent') }),
    biasInitializer: 'zeros' as const,
    recurrentActivation: 'sigmoid' as const,
    name: ctx.name(which),
  };
  return chain(which === 'lstm' ? ctx.tf.layers.lstm({ ...args, unitForgetBias: true }) : ctx.tf.layers.gru(args));
}
