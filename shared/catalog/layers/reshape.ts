// Reshape: the same values in another shape (one dimension may be -1 = inferred).
import { formatShape, sizeOf } from '../../shapes.js';
import { single } from '../common.js';
import { defineKind } from '../define.js';

export const Reshape = defineKind({
  kind: 'Reshape',
  group: 'core',
  label: 'Reshape',
  description: 'Gives the same values another shape, e.g. [784] → [28, 28, 1]; one dimension may be -1 (inferred).',
  params: [
    {
      name: 'targetShape',
      type: 'ints',
      default: [-1],
      min: -1,
      max: 1_000_000_000,
      minLength: 1,
      maxLength: 8,
      label: 'Target shape',
      description: 'The new shape without the batch dimension; -1 once = whatever size fits.',
    },
  ],
  check(p) {
    const t = p.targetShape as number[];
    if (t.includes(0)) return ['targetShape may not contain 0'];
    if (t.filter((d) => d === -1).length > 1) return ['targetShape may contain -1 only once'];
    return [];
  },
  infer(inputs, p) {
    const x = single(inputs);
    if (!x) return { error: 'has no input: connect a layer to its input port' };
    const n = sizeOf(x);
    const t = p.targetShape as number[];
    if (n === null) return { error: `gets ${formatShape(x)} with an unknown dimension: fix the size before it` };
    const known = t.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
    if (t.includes(-1)) {
      if (n % known !== 0) {
        return { error: `cannot reshape ${formatShape(x)} (${n} values) to ${formatShape(t)}: ${n} is not a multiple of ${known}` };
      }
      return { outputs: { out: t.map((d) => (d === -1 ? n / known : d)) } };
    }
    if (known !== n) {
      return { error: `cannot reshape ${formatShape(x)} (${n} values) to ${formatShape(t)} (${known} values): make the sizes match` };
    }
    return { outputs: { out: [...t] } };
  },
  keras: (p) => ({ call: 'layers.Reshape', kwargs: { target_shape: { py: `(${(p.targetShape as number[]).join(', ')},)` } } }),
});
