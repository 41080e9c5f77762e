// Embedding: ids -> vectors. inputDim 0 = sized from the categorical/text feature feeding it.
import { embeddingInputDim } from '../../../../shared/catalog/index.js';
import type { LayerBuilder } from '../types.js';
import { chain } from './common.js';

export const EmbeddingBuilder: LayerBuilder = {
  kind: 'Embedding',
  create(ctx) {
    const p = ctx.params;
    const inputDim = embeddingInputDim({ inputDim: p.inputDim }, { datasets: ctx.datasets, node: ctx.node, headDatasets: ctx.headDatasets, inputFeatures: ctx.inputFeatures });
    if (inputDim < 1) throw new Error(`Embedding '${ctx.node.id}' has inputDim 0 (automatic) but no categorical or text input feeds it`);
    return chain(
      ctx.tf.layers.embedding({
        inputDim,
        outputDim: p.outputDim,
        embeddingsInitializer: ctx.tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: ctx.seed('embeddings') }),
        name: ctx.name('embedding'),
      }),
    );
  },
};
