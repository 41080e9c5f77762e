// Shared definition of the 2-D pooling kinds (MaxPool2D, AvgPool2D).
import { formatShape, windowOut } from '../shapes.js';
import { paddingParam, rankError, single } from './common.js';
import { defineKind } from './define.js';
import type { LayerKind } from './types.js';
import { failure } from './messages.js';

export function pool2d(kind: string, label: string, description: string, average: boolean): LayerKind {
  return defineKind({
    kind,
    group: 'pooling',
    label,
    description,
    params: [
      { name: 'poolSize', type: 'int', default: 2, min: 1, max: 64, label: 'Pool size', description: 'Window height and width.' },
      {
        name: 'strides',
        type: 'int',
        default: 0,
        min: 0,
        max: 64,
        label: 'Strides',
        description: 'Step between windows; 0 = the pool size (non-overlapping windows).',
      },
      paddingParam('valid'),
    ],
    infer(inputs, p) {
      const x = single(inputs);
      const err = rankError(x, 3, 'image', 'after-conv2d');
      if (err) return err;
      const s = p.strides || p.poolSize;
      const oh = windowOut(x![0], p.poolSize, s, p.padding);
      const ow = windowOut(x![1], p.poolSize, s, p.padding);
      if ((oh !== null && oh < 1) || (ow !== null && ow < 1)) {
        return failure('infer.pool-small', { got: formatShape(x!), pool: p.poolSize });
      }
      return { outputs: { out: [oh, ow, x![2]] } };
    },
    countMacs(inputs, p) {
      if (!average) return 0;
      const x = single(inputs)!;
      const s = p.strides || p.poolSize;
      const oh = windowOut(x[0], p.poolSize, s, p.padding) ?? 1;
      const ow = windowOut(x[1], p.poolSize, s, p.padding) ?? 1;
      return oh * ow * (x[2] ?? 1) * p.poolSize * p.poolSize;
    },
    keras: (p) => ({
      call: average ? 'layers.AveragePooling2D' : 'layers.MaxPooling2D',
      kwargs: { pool_size: p.poolSize, strides: p.strides || p.poolSize, padding: p.padding },
    }),
  });
}
