// Dropout: zeroes a random fraction of values while training.
import { single } from '../common.js';
import { defineKind } from '../define.js';
import { failure } from '../messages.js';

export const Dropout = defineKind({
  kind: 'Dropout',
  group: 'core',
  label: 'Dropout',
  description: 'While training, zeroes a random fraction of the values (and scales the rest up); does nothing at test time.',
  params: [
    { name: 'rate', type: 'float', default: 0.5, min: 0, max: 1, maxExclusive: true, label: 'Rate', description: 'Fraction of values dropped.' },
  ],
  infer(inputs) {
    const x = single(inputs);
    if (!x) return failure('infer.no-input');
    return { outputs: { out: [...x] } };
  },
  keras: (p) => ({ call: 'layers.Dropout', kwargs: { rate: p.rate } }),
});
