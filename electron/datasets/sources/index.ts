// The registry of dataset sources, keyed by name. Adding one = one file + one line here + one test.
import { csvSource } from './csv.js';
import { emnistLetters } from './emnist-letters.js';
import { fashionMnist } from './fashion-mnist.js';
import { idxSource } from './idx.js';
import { imageListSource } from './image-list.js';
import { mmoeSynthetic } from './mmoe-synthetic.js';
import { mnist } from './mnist.js';
import { multiFashion } from './multi-fashion.js';
import { multiFashionMnist } from './multi-fashion-mnist.js';
import { multiMnist } from './multi-mnist.js';
import type { DatasetSource } from './types.js';

export const SOURCES: readonly DatasetSource[] = [
  multiMnist,
  multiFashion,
  multiFashionMnist,
  mmoeSynthetic,
  mnist,
  fashionMnist,
  emnistLetters,
  csvSource,
  imageListSource,
  idxSource,
];

const byName = new Map(SOURCES.map((s) => [s.name, s]));

export function getSource(name: string): DatasetSource | undefined {
  return byName.get(name);
}

export type { DatasetSource } from './types.js';
