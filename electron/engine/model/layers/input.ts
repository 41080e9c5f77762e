// Input: one model input per route, shaped and typed by the feature the route's dataset feeds in.
import { inputSources } from '../../../../shared/catalog/index.js';
import { featureDtype, featureShape } from '../../../../shared/shapes.js';
import type { FeatureSpec } from '../../../../shared/dataset.js';
import type { LayerBuilder } from '../types.js';

export const InputBuilder: LayerBuilder = {
  kind: 'Input',
  create(ctx) {
    const sources = inputSources(ctx.params, ctx.datasets, ctx.headDatasets);
    const featureFor = (dataset: string): FeatureSpec => {
      const src = sources.find((s) => s.dataset === dataset);
      if (!src) throw new Error(`Input '${ctx.node.id}' cannot be fed from dataset '${dataset}' (feature '${String(ctx.params.feature)}')`);
      return src.feature;
    };
    return {
      featureFor,
      apply(_inputs, route) {
        const f = featureFor(route.dataset);
        const shape = featureShape(f) as number[];
        return { out: ctx.tf.input({ shape, dtype: featureDtype(f), name: ctx.name(`in_${route.dataset}`) }) };
      },
      layers: () => [],
    };
  },
};
