// Dense: a fully connected layer on a flat vector.
import { activationParam, pyActivation, flatError, single, unitsParam, USE_BIAS } from '../common.js';
import { defineKind } from '../define.js';

export const Dense = defineKind({
  kind: 'Dense',
  group: 'core',
  label: 'Dense',
  description: 'Fully connected layer: every output unit is a weighted sum of all inputs plus a bias.',
  params: [unitsParam('units', 64, 'Units', 'Number of output units.'), activationParam('relu'), USE_BIAS],
  infer(inputs, p) {
    const x = single(inputs);
    const err = flatError(x);
    if (err) return err;
    return { outputs: { out: [p.units] } };
  },
  countParams(inputs, p) {
    const d = single(inputs)![0] ?? 0;
    return d * p.units + (p.useBias ? p.units : 0);
  },
  countMacs(inputs, p) {
    return (single(inputs)![0] ?? 0) * p.units;
  },
  keras: (p) => ({ call: 'layers.Dense', kwargs: { units: p.units, activation: pyActivation(p.activation), use_bias: p.useBias } }),
});
