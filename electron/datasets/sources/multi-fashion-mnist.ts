// Multi-(Fashion+MNIST): an MNIST digit at the top left, a Fashion-MNIST item at offset (6, 6).
import { buildMulti } from '../multi.js';
import { loadFashion, loadMnist } from '../realdata.js';
import { fashionAvailability } from './fashion-mnist.js';
import { imageSetSchema, recordable, type ImageSetOptions } from './options.js';
import type { DatasetSource } from './types.js';

export const multiFashionMnist: DatasetSource<ImageSetOptions> = {
  options: imageSetSchema,
  name: 'multi-fashion-mnist',
  label: 'Multi-(Fashion+MNIST)',
  description: 'An MNIST digit (left) overlapped by a Fashion-MNIST item (right), built as MultiMNIST; tasks: left = digit, right = item. Options: limit (rows), seed, mnistPath, fashionPath.',
  kind: 'builtin',
  availability: (ctx, options) => fashionAvailability(ctx, { path: options?.fashionPath }),
  async build(options, seed, ctx) {
    const digits = await loadMnist({ path: options.mnistPath, download: options.download }, ctx);
    const items = await loadFashion({ path: options.fashionPath }, ctx);
    const built = buildMulti(digits, items, seed, options, { name: 'Multi-(Fashion+MNIST)', origin: { left: digits.origin, right: items.origin } });
    built.options = { ...recordable(options), ...built.options };
    return built;
  },
};
