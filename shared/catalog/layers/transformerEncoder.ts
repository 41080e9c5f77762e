// TransformerEncoder: one encoder block (Vaswani et al. 2017): self-attention and a feed-forward network, each
// with a residual connection and layer normalisation, after (post-norm, the paper) or before (pre-norm) each.
import { pyActivation, rankError, single } from '../common.js';
import { defineKind } from '../define.js';
import { ATTENTION_PARAMS, encoderCost } from '../attention.js';

export const TransformerEncoder = defineKind({
  kind: 'TransformerEncoder',
  group: 'attention',
  label: 'Transformer encoder block',
  description:
    'Multi-head self-attention and a feed-forward network (features → ff units → features), each wrapped in a residual connection and layer normalisation (post-norm as in the paper, or pre-norm): [length, features] → [length, features].',
  params: [
    ...ATTENTION_PARAMS,
    { name: 'ffUnits', type: 'int', default: 32, min: 1, max: 65_536, label: 'Feed-forward units', description: 'Width of the feed-forward network’s hidden layer.' },
    { name: 'activation', type: 'enum', default: 'gelu', options: ['gelu', 'relu'], label: 'Activation', description: 'Activation of the feed-forward hidden layer.' },
    { name: 'norm', type: 'enum', default: 'post', options: ['post', 'pre'], label: 'Normalisation', description: "'post': x = LN(x + f(x)) (the original); 'pre': x = x + f(LN(x)) (trains more stably when deep)." },
  ],
  infer(inputs) {
    const x = single(inputs);
    const err = rankError(x, 2, 'sequence', 'after-sequence');
    if (err) return err;
    return { outputs: { out: [...x!] } };
  },
  countParams: (inputs, p) => encoderCost(single(inputs)![0] ?? 1, single(inputs)![1] ?? 0, p.numHeads, p.keyDim, p.ffUnits).params,
  countMacs: (inputs, p) => encoderCost(single(inputs)![0] ?? 1, single(inputs)![1] ?? 0, p.numHeads, p.keyDim, p.ffUnits).macs,
  keras: (p) => ({
    call: 'TransformerEncoder',
    kwargs: { num_heads: p.numHeads, key_dim: p.keyDim, ff_units: p.ffUnits, activation: pyActivation(p.activation), norm: p.norm },
  }),
});
