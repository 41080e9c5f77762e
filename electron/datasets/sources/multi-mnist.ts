// MultiMNIST (Sener & Koltun 2018): two overlapping digits, tasks `left` and `right`.
import { buildMulti } from '../multi.js';
import { loadMnist, npmMnistAvailable } from '../realdata.js';
import { imageSetSchema, recordable, type ImageSetOptions } from './options.js';
import type { DatasetSource } from './types.js';

export const multiMnist: DatasetSource<ImageSetOptions> = {
  options: imageSetSchema,
  name: 'multi-mnist',
  label: 'MultiMNIST',
  description: 'Two overlapping MNIST digits per 28×28 image (Sener & Koltun 2018); tasks: left digit, right digit. Options: limit (rows), seed, path (MNIST IDX folder), download.',
  kind: 'builtin',
  availability: () => (npmMnistAvailable() ? { available: true } : { available: true, reason: 'MNIST will be downloaded on first use' }),
  async build(options, seed, ctx) {
    const set = await loadMnist(options, ctx);
    const built = buildMulti(set, set, seed, options, { name: 'MultiMNIST', origin: { left: set.origin, right: set.origin } });
    built.options = { ...recordable(options), ...built.options };
    return built;
  },
};
