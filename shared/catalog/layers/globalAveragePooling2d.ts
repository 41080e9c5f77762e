// GlobalAveragePooling2D: [h, w, c] → [c], the mean over all positions.
import { rankError, single } from '../common.js';
import { defineKind } from '../define.js';

export const GlobalAveragePooling2D = defineKind({
  kind: 'GlobalAveragePooling2D',
  group: 'pooling',
  label: 'Global average pooling 2D',
  description: 'Averages each channel over all positions of an image: [height, width, channels] → [channels].',
  params: [],
  infer(inputs) {
    const x = single(inputs);
    const err = rankError(x, 3, 'image', 'after-conv2d');
    if (err) return err;
    return { outputs: { out: [x![2]] } };
  },
  countMacs(inputs) {
    const [h, w, c] = single(inputs)!;
    return (h ?? 1) * (w ?? 1) * (c ?? 1);
  },
  keras: () => ({ call: 'layers.GlobalAveragePooling2D', kwargs: {} }),
});
