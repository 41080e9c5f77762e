// Flatten: any shape to a vector.
import { formatShape, sizeOf } from '../../shapes.js';
import { single } from '../common.js';
import { defineKind } from '../define.js';
import { failure } from '../messages.js';

export const Flatten = defineKind({
  kind: 'Flatten',
  group: 'core',
  label: 'Flatten',
  description: 'Lays a tensor out as one flat vector (e.g. [4, 4, 20] → [320]), as Dense layers need.',
  params: [],
  infer(inputs) {
    const x = single(inputs);
    if (!x) return failure('infer.no-input');
    const n = sizeOf(x);
    if (n === null) return failure('infer.unknown-dim', { got: formatShape(x) });
    return { outputs: { out: [n] } };
  },
  keras: () => ({ call: 'layers.Flatten', kwargs: {} }),
});
