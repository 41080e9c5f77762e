// Flatten: any shape to a vector.
import { formatShape, sizeOf } from '../../shapes.js';
import { single } from '../common.js';
import { defineKind } from '../define.js';

export const Flatten = defineKind({
  kind: 'Flatten',
  group: 'core',
  label: 'Flatten',
  description: 'Lays a tensor out as one flat vector (e.g. [4, 4, 20] → [320]), as Dense layers need.',
  params: [],
  infer(inputs) {
    const x = single(inputs);
    if (!x) return { error: 'has no input: connect a layer to its input port' };
    const n = sizeOf(x);
    if (n === null) return { error: `gets ${formatShape(x)} with an unknown dimension: fix the size before it` };
    return { outputs: { out: [n] } };
  },
  keras: () => ({ call: 'layers.Flatten', kwargs: {} }),
});
