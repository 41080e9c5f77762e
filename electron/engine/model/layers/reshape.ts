// Reshape: targetShape excludes the batch; a -1 is resolved here from the input's size (tfjs leaves it
// unknown in the symbolic shape, which a following Flatten or Dense cannot take).
import type { LayerBuilder } from '../types.js';

type Layer = import('@tensorflow/tfjs').layers.Layer;
type SymbolicTensor = import('@tensorflow/tfjs').SymbolicTensor;

export function resolveTargetShape(target: number[], inputShape: (number | null)[]): number[] {
  if (!target.includes(-1)) return [...target];
  const size = inputShape.reduce<number>((a, d) => a * (d ?? NaN), 1);
  const known = target.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
  if (!Number.isFinite(size) || size % known !== 0) throw new Error(`Reshape cannot fit [${inputShape.join(', ')}] into [${target.join(', ')}]`);
  return target.map((d) => (d === -1 ? size / known : d));
}

export const ReshapeBuilder: LayerBuilder = {
  kind: 'Reshape',
  create(ctx) {
    let layer: Layer | null = null;
    return {
      apply(inputs) {
        const x = inputs[0][0];
        layer ??= ctx.tf.layers.reshape({
          targetShape: resolveTargetShape(ctx.params.targetShape as number[], x.shape.slice(1)),
          name: ctx.name('reshape'),
        });
        return { out: layer.apply(x) as SymbolicTensor };
      },
      layers: () => (layer ? [layer] : []),
    };
  },
};
