// SequencePooling: a sequence [length, features] → one vector: the first position ([CLS]-style: after
// self-attention with position embeddings, position 0 can learn to summarise) or the mean over positions.
import { rankError, single } from '../common.js';
import { defineKind } from '../define.js';

export const SequencePooling = defineKind({
  kind: 'SequencePooling',
  group: 'attention',
  label: 'Sequence pooling ([CLS] / mean)',
  description:
    "One vector for a sequence: 'first' takes position 0 (the [CLS] convention of BERT-style encoders), 'mean' averages over positions: [length, features] → [features].",
  params: [{ name: 'mode', type: 'enum', default: 'first', options: ['first', 'mean'], label: 'Mode', description: "'first': the vector at position 0; 'mean': the mean over positions." }],
  infer(inputs) {
    const x = single(inputs);
    const err = rankError(x, 2, 'sequence', 'after-sequence');
    if (err) return err;
    return { outputs: { out: [x![1]] } };
  },
  countMacs: (inputs, p) => (p.mode === 'mean' ? (single(inputs)![0] ?? 1) * (single(inputs)![1] ?? 1) : 0),
  keras: (p) => (p.mode === 'mean' ? { call: 'layers.GlobalAveragePooling1D', kwargs: {} } : { call: 'FirstToken', kwargs: {} }),
});
