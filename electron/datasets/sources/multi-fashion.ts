// MultiFashion: MultiMNIST's construction on Fashion-MNIST items.
import { buildMulti } from '../multi.js';
import { loadFashion } from '../realdata.js';
import { fashionAvailability } from './fashion-mnist.js';
import { imageSetSchema, recordable, type ImageSetOptions } from './options.js';
import type { DatasetSource } from './types.js';

export const multiFashion: DatasetSource<ImageSetOptions> = {
  options: imageSetSchema,
  name: 'multi-fashion',
  label: 'MultiFashion',
  description: 'Two overlapping Fashion-MNIST items per 28×28 image, built as MultiMNIST; tasks: left item, right item. Options: limit (rows), seed, path (Fashion-MNIST IDX folder).',
  kind: 'builtin',
  availability: (ctx, options) => fashionAvailability(ctx, options),
  async build(options, seed, ctx) {
    const set = await loadFashion(options, ctx);
    const built = buildMulti(set, set, seed, options, { name: 'MultiFashion', origin: { left: set.origin, right: set.origin } });
    built.options = { ...recordable(options), ...built.options };
    return built;
  },
};
