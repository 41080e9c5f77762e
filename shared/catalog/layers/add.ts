// Add: element-wise sum of its operands (a residual connection).
import { formatShape, shapesEqual, sizeOrOne } from '../../shapes.js';
import { defineKind } from '../define.js';
import { failure } from '../messages.js';

export const Add = defineKind({
  kind: 'Add',
  group: 'merge',
  label: 'Add',
  description: 'Sums all tensors connected to its input element by element (e.g. a residual connection); their shapes must be equal.',
  merge: true,
  params: [],
  infer(inputs) {
    const xs = inputs[0] ?? [];
    if (xs.length < 2) return failure(xs.length === 1 ? 'infer.add-one' : 'infer.add-few', { n: xs.length });
    if (xs.some((s) => !shapesEqual(s, xs[0]))) {
      return failure('infer.add-differ', { shapes: xs.map(formatShape).join(', ') });
    }
    return { outputs: { out: [...xs[0]] } };
  },
  countMacs(inputs) {
    const xs = inputs[0];
    return (xs.length - 1) * sizeOrOne(xs[0]);
  },
  keras: () => ({ call: 'layers.Add', kwargs: {} }),
});
