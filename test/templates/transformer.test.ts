// The Transformer template: a text dataset gets token + position embedding, two encoder blocks and [CLS]
// pooling under one head per task; an image dataset beside a text dataset gets a CNN beside the shared text
// Transformer, meeting in one shared Dense; the design validates and trains a few real steps.
import { describe, expect, it } from 'vitest';
import { buildTemplate } from '../../shared/templates/index.js';
import { validateDesign } from '../../shared/validate.js';
import { dataset, mnist, textSet } from '../catalog/helpers.js';

const reviews = dataset('reviews2', [{ name: 'text', kind: 'text', vocabSize: 1000, maxLength: 40 }], [
  { name: 'sentiment', kind: 'binary', classes: ['neg', 'pos'] },
  { name: 'stars', kind: 'regression' },
]);
const kindsOf = (d: ReturnType<typeof buildTemplate>) => d.nodes.map((n) => n.kind);

describe("template 'transformer'", () => {
  it('text: token + position embedding → 2 encoder blocks → [CLS] pooling → shared Dense → a head per task', () => {
    const d = buildTemplate('transformer', [reviews]);
    expect(validateDesign(d, [reviews]).problems).toEqual([]);
    expect(kindsOf(d)).toEqual(['Input', 'TokenPositionEmbedding', 'TransformerEncoder', 'TransformerEncoder', 'SequencePooling', 'Dense', 'TaskHead', 'TaskHead']);
    const v = validateDesign(d, [reviews]);
    expect(v.nodes['tokpos'].outputShapes.out).toEqual([40, 32]);
    expect(v.nodes['cls'].outputShapes.out).toEqual([32]);
  });

  it('image + text: a CNN for the images beside the text Transformer, both into one shared Dense', () => {
    const d = buildTemplate('transformer', [mnist, textSet]);
    expect(validateDesign(d, [mnist, textSet]).problems).toEqual([]);
    const kinds = kindsOf(d);
    expect(kinds.filter((k) => k === 'Conv2D')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'TransformerEncoder')).toHaveLength(2);
    const shared = d.nodes.find((n) => n.id === 'shared_fc')!;
    const into = d.edges.filter((e) => e.target === shared.id).map((e) => e.source);
    expect(into).toHaveLength(2); // one projection per branch
    expect(d.edges.filter((e) => e.source === shared.id).map((e) => e.target).sort()).toEqual(d.nodes.filter((n) => n.kind === 'TaskHead').map((n) => n.id).sort());
  });
});
