// Shared definition of the recurrent kinds: LSTM (4 gates) and GRU (3 gates, reset before the matmul as tfjs does).
import { rankError, single, unitsParam } from './common.js';
import { defineKind } from './define.js';
import type { LayerKind, PyValue } from './types.js';

export function recurrent(kind: string, label: string, description: string, gates: number): LayerKind {
  return defineKind({
    kind,
    group: 'recurrent',
    label,
    description,
    params: [
      unitsParam('units', 64, 'Units', 'Size of the hidden state.'),
      {
        name: 'returnSequences',
        type: 'bool',
        default: false,
        label: 'Return sequences',
        description: 'Output the state at every step [length, units] instead of the last one [units].',
      },
    ],
    infer(inputs, p) {
      const x = single(inputs);
      const err = rankError(x, 2, 'sequence-features', 'embedding-or-reshape');
      if (err) return err;
      return { outputs: { out: p.returnSequences ? [x![0], p.units] : [p.units] } };
    },
    countParams(inputs, p) {
      const c = single(inputs)![1] ?? 0;
      return gates * (p.units * (c + p.units) + p.units);
    },
    countMacs(inputs, p) {
      const [t, c] = single(inputs)!;
      return (t ?? 1) * gates * p.units * ((c ?? 0) + p.units);
    },
    keras: (p) => {
      const kwargs: Record<string, PyValue> = { units: p.units, return_sequences: p.returnSequences };
      if (gates === 3) kwargs.reset_after = false; // as tfjs: reset gate before the recurrent product
      return { call: `layers.${kind}`, kwargs };
    },
  });
}
