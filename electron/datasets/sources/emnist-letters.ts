// EMNIST letters (26 classes), single task `letter`, from IDX files the user points at.
import { buildSingle } from '../multi.js';
import { EMNIST_LETTERS, emnistMissingReason, loadEmnistLetters, locateLocal } from '../realdata.js';
import { DatasetError } from '../errors.js';
import { imageSetSchema, recordable, type ImageSetOptions } from './options.js';
import type { DatasetSource } from './types.js';

export const emnistLetters: DatasetSource<ImageSetOptions> = {
  options: imageSetSchema,
  name: 'emnist-letters',
  label: 'EMNIST letters',
  description: 'Handwritten letters a–z, one task `letter`, image feature `image` (28×28×1), from the emnist-letters IDX files (option path or paths, or MTLW_EMNIST_DIR). Pairs with mnist for digits-plus-letters.',
  kind: 'builtin',
  availability(ctx, options = {}) {
    try {
      return locateLocal(EMNIST_LETTERS, options, ctx) ? { available: true } : { available: false, reason: emnistMissingReason(ctx) };
    } catch (e) {
      if (e instanceof DatasetError) return { available: false, reason: e.message };
      throw e;
    }
  },
  async build(options, seed, ctx) {
    const set = await loadEmnistLetters(options, ctx);
    const built = buildSingle(set, seed, options, 'letter', 'EMNIST letters');
    built.options = { ...recordable(options), ...built.options };
    return built;
  },
};
