// MultiHeadSelfAttention: every position of a sequence attends to every other (scaled dot product, h heads).
import { rankError, single } from '../common.js';
import { defineKind } from '../define.js';
import { ATTENTION_PARAMS, attentionCost } from '../attention.js';

export const MultiHeadSelfAttention = defineKind({
  kind: 'MultiHeadSelfAttention',
  group: 'attention',
  label: 'Multi-head self-attention',
  description:
    'Each position of a sequence [length, features] attends to all positions: softmax(QKᵀ/√k)·V in each of h heads, then one projection back: [length, features] → [length, features].',
  params: ATTENTION_PARAMS,
  infer(inputs) {
    const x = single(inputs);
    const err = rankError(x, 2, 'sequence', 'after-sequence');
    if (err) return err;
    return { outputs: { out: [...x!] } };
  },
  countParams: (inputs, p) => attentionCost(single(inputs)![0] ?? 1, single(inputs)![1] ?? 0, p.numHeads, p.keyDim).params,
  countMacs: (inputs, p) => attentionCost(single(inputs)![0] ?? 1, single(inputs)![1] ?? 0, p.numHeads, p.keyDim).macs,
  keras: (p) => ({ call: 'SelfAttention', kwargs: { num_heads: p.numHeads, key_dim: p.keyDim } }),
});
