// GlobalAveragePooling1D: [length, channels] → [channels], the mean over the sequence.
import { rankError, single } from '../common.js';
import { defineKind } from '../define.js';

export const GlobalAveragePooling1D = defineKind({
  kind: 'GlobalAveragePooling1D',
  group: 'pooling',
  label: 'Global average pooling 1D',
  description: 'Averages each channel over the whole sequence: [length, channels] → [channels].',
  params: [],
  infer(inputs) {
    const x = single(inputs);
    const err = rankError(x, 2, 'sequence', 'after-sequence');
    if (err) return err;
    return { outputs: { out: [x![1]] } };
  },
  countMacs(inputs) {
    const [l, c] = single(inputs)!;
    return (l ?? 1) * (c ?? 1);
  },
  keras: () => ({ call: 'layers.GlobalAveragePooling1D', kwargs: {} }),
});
