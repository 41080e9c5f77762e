// Activation: one function on each value (softmax over the last axis).
import { activationLayer } from '../activations.js';
import type { LayerBuilder } from '../types.js';
import { chain } from './common.js';

export const ActivationBuilder: LayerBuilder = {
  kind: 'Activation',
  create: (ctx) => chain(activationLayer(ctx.tf, ctx.params.activation as string, ctx.name('activation'))),
};
