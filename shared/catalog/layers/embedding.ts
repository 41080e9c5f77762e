// Embedding: integer ids (a category, a token sequence) → learned vectors.
import { featureVocab } from '../../shapes.js';
import { rankError, single } from '../common.js';
import { defineKind } from '../define.js';
import type { ShapeContext } from '../types.js';
import { failure } from '../messages.js';

/** The ids the bound feature needs (the largest over the Inputs feeding it), 0 if not fed by an Input. */
export function boundVocab(ctx: ShapeContext): number {
  let v = 0;
  for (const edge of ctx.inputFeatures?.[0] ?? []) for (const f of edge) v = Math.max(v, featureVocab(f));
  return v;
}

/** The input dimension in effect: the param, or (0 = auto) the bound feature's vocabulary. */
export function embeddingInputDim(p: { inputDim: number }, ctx: ShapeContext): number {
  return p.inputDim > 0 ? p.inputDim : boundVocab(ctx);
}

export const Embedding = defineKind({
  kind: 'Embedding',
  group: 'core',
  label: 'Embedding',
  takesIds: true,
  description:
    'Maps integer ids (a categorical feature, or a text feature\'s tokens) to learned vectors: [length] → [length, outputDim]. The number of ids comes from the bound feature.',
  params: [
    {
      name: 'inputDim',
      type: 'int',
      default: 0,
      min: 0,
      max: 100_000_000,
      label: 'Input size',
      description: 'Number of distinct ids; 0 = from the feature feeding it (categories + 1, or the vocabulary size).',
    },
    { name: 'outputDim', type: 'int', default: 16, min: 1, max: 100_000, label: 'Output size', description: 'Length of each learned vector.' },
  ],
  infer(inputs, p, ctx) {
    const x = single(inputs);
    const err = rankError(x, 1, 'ids', 'ids-input');
    if (err) return err;
    const bound = boundVocab(ctx);
    const dim = embeddingInputDim(p, ctx);
    if (dim < 1) {
      return failure('infer.embedding-auto');
    }
    if (bound > 0 && p.inputDim > 0 && p.inputDim < bound) {
      return failure('infer.embedding-small', { inputDim: p.inputDim, ids: bound });
    }
    return { outputs: { out: [x![0], p.outputDim] } };
  },
  countParams(_inputs, p, ctx) {
    return embeddingInputDim(p, ctx) * p.outputDim;
  },
  keras: (p, ctx) => ({ call: 'layers.Embedding', kwargs: { input_dim: embeddingInputDim(p, ctx), output_dim: p.outputDim } }),
});
