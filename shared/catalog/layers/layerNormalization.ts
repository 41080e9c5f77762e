// LayerNormalization: normalises each sample over its last axis.
import { sizeOrOne } from '../../shapes.js';
import { single } from '../common.js';
import { defineKind } from '../define.js';
import { failure } from '../messages.js';

export const LayerNormalization = defineKind({
  kind: 'LayerNormalization',
  group: 'normalisation',
  label: 'Layer normalisation',
  description:
    'Normalises each sample over its last axis, then scales and shifts it. 2 weights per feature; counted as 4 multiply-adds per value (mean, variance, normalise, scale).',
  params: [
    { name: 'epsilon', type: 'float', default: 0.001, min: 0, max: 1, minExclusive: true, label: 'Epsilon', description: 'Added to the variance to avoid dividing by zero.' },
  ],
  infer(inputs) {
    const x = single(inputs);
    if (!x) return failure('infer.no-input');
    if (x.length === 0) return failure('infer.scalar');
    return { outputs: { out: [...x] } };
  },
  countParams(inputs) {
    const x = single(inputs)!;
    return 2 * (x[x.length - 1] ?? 0);
  },
  countMacs(inputs) {
    return 4 * sizeOrOne(single(inputs)!);
  },
  keras: (p) => ({ call: 'layers.LayerNormalization', kwargs: { epsilon: p.epsilon } }),
});
