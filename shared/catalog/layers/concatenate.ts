// Concatenate: joins its operands along an axis.
import { formatShape } from '../../shapes.js';
import { defineKind } from '../define.js';
import { failure } from '../messages.js';

export const Concatenate = defineKind({
  kind: 'Concatenate',
  group: 'merge',
  label: 'Concatenate',
  description: 'Joins all tensors connected to its input along an axis (default the last); the other dimensions must match.',
  merge: true,
  params: [
    { name: 'axis', type: 'int', default: -1, min: -8, max: 8, label: 'Axis', description: 'Axis to join along (-1 = last, batch excluded: 0 = first).' },
  ],
  infer(inputs, p) {
    const xs = inputs[0] ?? [];
    if (xs.length < 2) return failure(xs.length === 1 ? 'infer.concat-one' : 'infer.concat-few', { n: xs.length });
    const rank = xs[0].length;
    if (xs.some((s) => s.length !== rank)) {
      return failure('infer.concat-ranks', { shapes: xs.map(formatShape).join(', ') });
    }
    const axis = p.axis < 0 ? rank + p.axis : p.axis;
    if (axis < 0 || axis >= rank) return failure('infer.concat-axis', { axis: p.axis, rank, lo: -rank, hi: rank - 1 });
    for (let i = 0; i < rank; i++) {
      if (i === axis) continue;
      if (xs.some((s) => s[i] !== xs[0][i])) {
        return failure('infer.concat-differ', { shapes: xs.map(formatShape).join(', '), axis: p.axis });
      }
    }
    const out = [...xs[0]];
    out[axis] = xs.some((s) => s[axis] === null) ? null : xs.reduce((a, s) => a + (s[axis] as number), 0);
    return { outputs: { out } };
  },
  keras: (p) => ({ call: 'layers.Concatenate', kwargs: { axis: p.axis } }),
});
