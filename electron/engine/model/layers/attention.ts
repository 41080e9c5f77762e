// Builders of the attention kinds (custom layers in ../custom/attention.ts).
import { embeddingInputDim } from '../../../../shared/catalog/index.js';
import { SelfAttentionLayer, SequencePoolingLayer, TokenPositionEmbeddingLayer, TransformerEncoderLayer } from '../custom/attention.js';
import type { LayerBuilder } from '../types.js';
import { chain } from './common.js';

export const MultiHeadSelfAttentionBuilder: LayerBuilder = {
  kind: 'MultiHeadSelfAttention',
  create: (ctx) => chain(new SelfAttentionLayer({ numHeads: ctx.params.numHeads, keyDim: ctx.params.keyDim, seed: ctx.seed('attention'), name: ctx.name('attention') })),
};

export const TransformerEncoderBuilder: LayerBuilder = {
  kind: 'TransformerEncoder',
  create: (ctx) => {
    const p = ctx.params;
    return chain(new TransformerEncoderLayer({ numHeads: p.numHeads, keyDim: p.keyDim, ffUnits: p.ffUnits, activation: p.activation, norm: p.norm, seed: ctx.seed('encoder'), name: ctx.name('encoder') }));
  },
};

export const TokenPositionEmbeddingBuilder: LayerBuilder = {
  kind: 'TokenPositionEmbedding',
  create(ctx) {
    const vocab = embeddingInputDim(ctx.params as { inputDim: number }, { datasets: ctx.datasets, node: ctx.node, headDatasets: ctx.headDatasets, inputFeatures: ctx.inputFeatures });
    if (vocab < 1) throw new Error(`TokenPositionEmbedding '${ctx.node.id}' has inputDim 0 (automatic) but no text input feeds it`);
    return chain(new TokenPositionEmbeddingLayer({ vocab, outputDim: ctx.params.outputDim, seed: ctx.seed('embedding'), name: ctx.name('tokpos') }));
  },
};

export const SequencePoolingBuilder: LayerBuilder = {
  kind: 'SequencePooling',
  create: (ctx) => chain(new SequencePoolingLayer({ mode: ctx.params.mode, name: ctx.name('seqpool') })),
};
