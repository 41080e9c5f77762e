// Reshape: the same values in another shape (one dimension may be -1 = inferred).
import { formatShape, sizeOf } from '../../shapes.js';
import { single } from '../common.js';
import { defineKind } from '../define.js';
import { failure, msg } from '../messages.js';

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
    if (t.includes(0)) return [msg('param.reshape-zero', { param: 'targetShape' })];
    if (t.filter((d) => d === -1).length > 1) return [msg('param.reshape-minus-one', { param: 'targetShape' })];
    return [];
  },
  infer(inputs, p) {
    const x = single(inputs);
    if (!x) return failure('infer.no-input');
    const n = sizeOf(x);
    const t = p.targetShape as number[];
    if (n === null) return failure('infer.unknown-dim', { got: formatShape(x) });
    const known = t.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
    if (t.includes(-1)) {
      if (n % known !== 0) {
        return failure('infer.reshape-multiple', { got: formatShape(x), size: n, target: formatShape(t), known });
      }
      return { outputs: { out: t.map((d) => (d === -1 ? n / known : d)) } };
    }
    if (known !== n) {
      return failure('infer.reshape-size', { got: formatShape(x), size: n, target: formatShape(t), known });
    }
    return { outputs: { out: [...t] } };
  },
  keras: (p) => ({ call: 'layers.Reshape', kwargs: { target_shape: { py: `(${(p.targetShape as number[]).join(', ')},)` } } }),
});
