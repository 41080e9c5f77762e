// Add: element-wise sum of its operands (a residual connection).
import { formatShape, shapesEqual, sizeOrOne } from '../../shapes.js';
import { defineKind } from '../define.js';

export const Add = defineKind({
  kind: 'Add',
  group: 'merge',
  label: 'Add',
  description: 'Sums all tensors connected to its input element by element (e.g. a residual connection); their shapes must be equal.',
  merge: true,
  params: [],
  infer(inputs) {
    const xs = inputs[0] ?? [];
    if (xs.length < 2) return { error: `adds ${xs.length} input${xs.length === 1 ? '' : 's'}: connect at least two` };
    if (xs.some((s) => !shapesEqual(s, xs[0]))) {
      return { error: `gets ${xs.map(formatShape).join(', ')}, which differ: all operands must have the same shape` };
    }
    return { outputs: { out: [...xs[0]] } };
  },
  countMacs(inputs) {
    const xs = inputs[0];
    return (xs.length - 1) * sizeOrOne(xs[0]);
  },
  keras: () => ({ call: 'layers.Add', kwargs: {} }),
});
