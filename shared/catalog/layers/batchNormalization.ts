// BatchNormalization: normalises each channel (last axis) with batch statistics.
import { sizeOrOne } from '../../shapes.js';
import { single } from '../common.js';
import { defineKind } from '../define.js';
import { failure } from '../messages.js';

export const BatchNormalization = defineKind({
  kind: 'BatchNormalization',
  group: 'normalisation',
  label: 'Batch normalisation',
  description:
    'Normalises each channel (last axis) by the batch mean and variance, then scales and shifts it. 4 weights per channel (2 learned, 2 running statistics); one multiply-add per value.',
  params: [
    { name: 'momentum', type: 'float', default: 0.99, min: 0, max: 1, label: 'Momentum', description: 'Momentum of the running mean and variance.' },
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
    return 4 * (x[x.length - 1] ?? 0);
  },
  countMacs(inputs) {
    return sizeOrOne(single(inputs)!);
  },
  keras: (p) => ({ call: 'layers.BatchNormalization', kwargs: { momentum: p.momentum, epsilon: p.epsilon } }),
});
