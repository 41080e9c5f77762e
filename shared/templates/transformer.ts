// Transformer encoder, one head per task: text goes through token + position embedding and two encoder blocks
// (Vaswani et al. 2017), pooled at the first position ([CLS]-style); other inputs take their usual branch (an
// image: MultiLeNet's convolutions), so an image dataset beside a text dataset gives a shared text Transformer
// beside an image CNN, meeting in one shared Dense.
import type { FeatureSpec } from '../dataset.js';
import { DesignBuilder, type Ref } from './builder.js';
import { addHead, checkDatasets, groupDatasets, sharedRepresentation } from './encoders.js';
import type { Template } from './types.js';

/** TokenPositionEmbedding(32) → 2 × TransformerEncoder(4 heads × 8, FFN 64, post-norm) → first position. */
export function transformerBranch(b: DesignBuilder, from: Ref, _f: Extract<FeatureSpec, { kind: 'text' }>, prefix: string): Ref {
  let x = b.chain(from, 'TokenPositionEmbedding', `${prefix}tokpos`, { inputDim: 0, outputDim: 32 });
  for (const i of [1, 2]) x = b.chain(x, 'TransformerEncoder', `${prefix}encoder${i}`, { numHeads: 4, keyDim: 8, ffUnits: 64, activation: 'gelu', norm: 'post' });
  return b.chain(x, 'SequencePooling', `${prefix}cls`, { mode: 'first' });
}

export const transformer: Template = {
  name: 'transformer',
  label: 'Transformer encoder',
  description:
    'Text through a token + position embedding and two Transformer encoder blocks, pooled at the first position ([CLS]); one head per task. With an image dataset beside the text, the image takes a CNN and both meet in a shared Dense (without text: a plain shared trunk).',
  build(datasets) {
    const tasks = checkDatasets('transformer', datasets, 2);
    const groups = groupDatasets(datasets);
    const b = new DesignBuilder();
    const rep = sharedRepresentation(b, groups, [64], transformerBranch);
    for (const t of tasks) addHead(b, rep.out, t, [32], datasets.length > 1);
    return b.build(`Transformer: ${datasets.map((d) => d.name).join(' + ')}`, 'Transformer encoder for text (beside a CNN for images), one head per task.');
  },
};
