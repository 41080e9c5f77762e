// Facts the attention kinds share: parameters, weights and multiply-adds of multi-head self-attention and of a
// Transformer encoder block (Vaswani et al. 2017): q, k, v and output projections with biases except the key's
// (a key bias adds the same score to every key of a query, which the softmax cancels: it would never learn).
import type { ParamSpec } from './types.js';

export const ATTENTION_PARAMS: ParamSpec[] = [
  { name: 'numHeads', type: 'int', default: 2, min: 1, max: 64, label: 'Heads', description: 'Number of attention heads.' },
  { name: 'keyDim', type: 'int', default: 8, min: 1, max: 1024, label: 'Key size', description: 'Size of each head’s queries, keys and values.' },
];

/** Self-attention over [length, dim]: 4·dim·h·k + 2·h·k + dim weights; 4·L·dim·h·k + 2·h·L²·k multiply-adds. */
export function attentionCost(length: number, dim: number, heads: number, keyDim: number): { params: number; macs: number } {
  const hk = heads * keyDim;
  return {
    params: 4 * dim * hk + 2 * hk + dim,
    macs: 4 * length * dim * hk + 2 * heads * length * length * keyDim,
  };
}

/** An encoder block: attention, two layer norms (2·dim weights, 4 multiply-adds a value each), FFN dim → ff → dim. */
export function encoderCost(length: number, dim: number, heads: number, keyDim: number, ff: number): { params: number; macs: number } {
  const a = attentionCost(length, dim, heads, keyDim);
  return {
    params: a.params + 4 * dim + dim * ff + ff + ff * dim + dim,
    macs: a.macs + 8 * length * dim + 2 * length * dim * ff,
  };
}
