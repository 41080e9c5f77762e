// Shape helpers shared by the catalog, the validator and the templates. Shapes exclude the batch dimension.
import type { FeatureSpec } from './dataset.js';
import type { Shape } from './problems.js';

export type { Shape };

/** "[28, 28, 1]" (null dims as "?"). */
export function formatShape(shape: Shape): string {
  return `[${shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Number of elements, or null when a dimension is unknown. */
export function sizeOf(shape: Shape): number | null {
  let n = 1;
  for (const d of shape) {
    if (d === null) return null;
    n *= d;
  }
  return n;
}

/** Number of elements, unknown dimensions counted as 1 (for cost estimates). */
export function sizeOrOne(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d ?? 1;
  return n;
}

/** Output length of a convolution or pooling window along one axis (Keras rules). */
export function windowOut(length: number | null, kernel: number, stride: number, padding: string): number | null {
  if (length === null) return null;
  if (padding === 'same') return Math.ceil(length / stride);
  return Math.floor((length - kernel) / stride) + 1;
}

/** The shape an Input bound to this feature outputs. */
export function featureShape(f: FeatureSpec): Shape {
  switch (f.kind) {
    case 'image':
      return [f.shape[0], f.shape[1], f.shape[2]];
    case 'vector':
      return [f.size];
    case 'categorical':
      return [1];
    case 'text':
      return [f.maxLength];
  }
}

/** Element type of a feature's tensor: token ids and category indices are integers. */
export function featureDtype(f: FeatureSpec): 'float32' | 'int32' {
  return f.kind === 'categorical' || f.kind === 'text' ? 'int32' : 'float32';
}

/** Number of distinct ids an Embedding needs for this feature (0 for non-integer features). */
export function featureVocab(f: FeatureSpec): number {
  if (f.kind === 'categorical') return f.categories.length + 1;
  if (f.kind === 'text') return f.vocabSize;
  return 0;
}
