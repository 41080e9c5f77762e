// Fashion-MNIST, single task (`clothing`); pairs with mnist for multi-input designs (mnist+fashion).
import * as path from 'node:path';
import { buildSingle } from '../multi.js';
import { FASHION, loadFashion, locateLocal } from '../realdata.js';
import { DatasetError } from '../errors.js';
import { imageSetSchema, recordable, type ImageSetOptions } from './options.js';
import type { DatasetSource, SourceAvailability, SourceContext } from './types.js';

export function fashionAvailability(ctx: SourceContext, options: Record<string, unknown> = {}): SourceAvailability {
  try {
    if (locateLocal(FASHION, options.path === undefined ? {} : { path: options.path }, ctx)) return { available: true };
  } catch (e) {
    if (e instanceof DatasetError) return { available: false, reason: e.message };
    throw e;
  }
  return {
    available: true,
    reason: `no local copy (set ${FASHION.envVar} or install Debian's dataset-fashion-mnist); about 30 MB will be downloaded into ${path.join(ctx.cacheDir, FASHION.key)} on first use`,
  };
}

export const fashionMnist: DatasetSource<ImageSetOptions> = {
  options: imageSetSchema,
  name: 'fashion-mnist',
  label: 'Fashion-MNIST',
  description: 'Zalando\'s clothing images, one task `clothing` (10 classes), image feature `image` (28×28×1). From a local copy (path, MTLW_FASHION_MNIST_DIR, /usr/share/datasets/fashion-mnist), the cache, or a download.',
  kind: 'builtin',
  availability: (ctx, options) => fashionAvailability(ctx, options),
  async build(options, seed, ctx) {
    const set = await loadFashion(options, ctx);
    const built = buildSingle(set, seed, options, 'clothing', 'Fashion-MNIST');
    built.options = { ...recordable(options), ...built.options };
    return built;
  },
};
