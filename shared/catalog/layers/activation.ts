// Activation: a function applied to each value.
import { ACTIVATIONS, single } from '../common.js';
import { defineKind } from '../define.js';
import { failure } from '../messages.js';

export const Activation = defineKind({
  kind: 'Activation',
  group: 'core',
  label: 'Activation',
  description: 'Applies a function to each value (relu, sigmoid, tanh, softmax over the last axis, gelu, elu, leaky relu, linear).',
  params: [
    { name: 'activation', type: 'enum', default: 'relu', options: ACTIVATIONS, label: 'Function', description: 'The function applied.' },
  ],
  infer(inputs) {
    const x = single(inputs);
    if (!x) return failure('infer.no-input');
    return { outputs: { out: [...x] } };
  },
  keras: (p) =>
    p.activation === 'leakyRelu'
      ? { call: 'layers.LeakyReLU', kwargs: {} }
      : { call: 'layers.Activation', args: [p.activation], kwargs: {} },
});
