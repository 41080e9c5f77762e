// TaskHead: tower Dense layers (each optionally followed by dropout), then a linear projection sized from
// the task (classes for multiclass, 1 for binary and regression). It outputs logits for classification and
// the raw value for regression; the loss and the metrics apply the output activation themselves.
import { headUnits } from '../../../../shared/catalog/index.js';
import { splitActivation } from '../activations.js';
import { SeededDropout } from '../custom/seededDropout.js';
import type { LayerBuilder } from '../types.js';
import { chain, glorot } from './common.js';

type Layer = import('@tensorflow/tfjs').layers.Layer;

export const TaskHeadBuilder: LayerBuilder = {
  kind: 'TaskHead',
  create(ctx) {
    const p = ctx.params;
    if (!ctx.task) throw new Error(`TaskHead '${ctx.node.id}' is bound to no task of the chosen datasets`);
    const layers: (Layer | null)[] = [];
    (p.hidden as number[]).forEach((units, i) => {
      const act = splitActivation(ctx.tf, p.activation as string, ctx.name(`tower${i}_act`));
      layers.push(
        ctx.tf.layers.dense({
          units,
          activation: act.inline as any,
          kernelInitializer: glorot(ctx, `tower${i}`),
          biasInitializer: 'zeros',
          name: ctx.name(`tower${i}`),
        }),
        act.after,
      );
      if ((p.dropout as number) > 0) {
        layers.push(new SeededDropout({ rate: p.dropout as number, seed: ctx.seed(`dropout${i}`), name: ctx.name(`tower${i}_dropout`) }));
      }
    });
    layers.push(
      ctx.tf.layers.dense({
        units: headUnits(ctx.task),
        activation: 'linear',
        kernelInitializer: glorot(ctx, 'out'),
        biasInitializer: 'zeros',
        name: ctx.name('out'),
      }),
    );
    return chain(...layers);
  },
};
