// TokenPositionEmbedding: token ids → learned token vectors plus a learned vector per position (the input of a
// Transformer, which has no notion of order otherwise).
import { rankError, single } from '../common.js';
import { defineKind } from '../define.js';
import { failure } from '../messages.js';
import { boundVocab, embeddingInputDim } from './embedding.js';

export const TokenPositionEmbedding = defineKind({
  kind: 'TokenPositionEmbedding',
  group: 'attention',
  label: 'Token + position embedding',
  takesIds: true,
  description:
    'Maps token ids to learned vectors and adds a learned vector for each position: [length] → [length, outputDim]. The number of ids comes from the bound text feature.',
  params: [
    { name: 'inputDim', type: 'int', default: 0, min: 0, max: 100_000_000, label: 'Input size', description: 'Number of distinct ids; 0 = from the feature feeding it (its vocabulary size).' },
    { name: 'outputDim', type: 'int', default: 16, min: 1, max: 100_000, label: 'Output size', description: 'Length of each token and position vector (the model width).' },
  ],
  infer(inputs, p, ctx) {
    const x = single(inputs);
    const err = rankError(x, 1, 'ids', 'ids-input');
    if (err) return err;
    if (embeddingInputDim(p, ctx) < 1) return failure('infer.embedding-auto');
    const bound = boundVocab(ctx);
    if (bound > 0 && p.inputDim > 0 && p.inputDim < bound) return failure('infer.embedding-small', { inputDim: p.inputDim, ids: bound });
    return { outputs: { out: [x![0], p.outputDim] } };
  },
  countParams: (inputs, p, ctx) => (embeddingInputDim(p, ctx) + (single(inputs)![0] ?? 0)) * p.outputDim,
  countMacs: (inputs, p) => (single(inputs)![0] ?? 1) * p.outputDim, // the position add
  keras: (p, ctx) => ({ call: 'TokenPositionEmbedding', kwargs: { vocab_size: embeddingInputDim(p, ctx), output_dim: p.outputDim } }),
});
