// Conv1D: 1-D convolution over a sequence [length, channels].
import { formatShape, windowOut } from '../../shapes.js';
import { activationParam, pyActivation, paddingParam, rankError, single, unitsParam, USE_BIAS } from '../common.js';
import { defineKind } from '../define.js';
import { failure } from '../messages.js';

export const Conv1D = defineKind({
  kind: 'Conv1D',
  group: 'convolution',
  label: 'Conv1D',
  description: 'Slides learned filters along a sequence [length, channels] (e.g. embedded tokens); one output channel per filter.',
  params: [
    unitsParam('filters', 64, 'Filters', 'Number of filters (output channels).'),
    { name: 'kernelSize', type: 'int', default: 3, min: 1, max: 1024, label: 'Kernel size', description: 'Filter length.' },
    { name: 'strides', type: 'int', default: 1, min: 1, max: 1024, label: 'Strides', description: 'Step between filter positions.' },
    paddingParam('valid'),
    activationParam('relu'),
    USE_BIAS,
  ],
  infer(inputs, p) {
    const x = single(inputs);
    const err = rankError(x, 2, 'sequence', 'embedding-or-reshape');
    if (err) return err;
    const ol = windowOut(x![0], p.kernelSize, p.strides, p.padding);
    if (ol !== null && ol < 1) {
      return failure('infer.conv1d-short', { got: formatShape(x!), kernel: p.kernelSize });
    }
    return { outputs: { out: [ol, p.filters] } };
  },
  countParams(inputs, p) {
    const c = single(inputs)![1] ?? 0;
    return p.kernelSize * c * p.filters + (p.useBias ? p.filters : 0);
  },
  countMacs(inputs, p) {
    const [l, c] = single(inputs)!;
    const ol = windowOut(l, p.kernelSize, p.strides, p.padding) ?? 1;
    return ol * p.filters * p.kernelSize * (c ?? 0);
  },
  keras: (p) => ({
    call: 'layers.Conv1D',
    kwargs: { filters: p.filters, kernel_size: p.kernelSize, strides: p.strides, padding: p.padding, activation: pyActivation(p.activation), use_bias: p.useBias },
  }),
});
