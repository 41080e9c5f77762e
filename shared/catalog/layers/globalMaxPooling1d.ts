// GlobalMaxPooling1D: [length, channels] → [channels], the largest value over the sequence.
import { rankError, single } from '../common.js';
import { defineKind } from '../define.js';

export const GlobalMaxPooling1D = defineKind({
  kind: 'GlobalMaxPooling1D',
  group: 'pooling',
  label: 'Global max pooling 1D',
  description: 'Keeps the largest value of each channel over the whole sequence: [length, channels] → [channels].',
  params: [],
  infer(inputs) {
    const x = single(inputs);
    const err = rankError(x, 2, 'sequence', 'after-sequence');
    if (err) return err;
    return { outputs: { out: [x![1]] } };
  },
  keras: () => ({ call: 'layers.GlobalMaxPooling1D', kwargs: {} }),
});
