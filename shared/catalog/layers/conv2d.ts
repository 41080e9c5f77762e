// Conv2D: 2-D convolution over an image [height, width, channels].
import { formatShape, windowOut } from '../../shapes.js';
import { activationParam, pyActivation, paddingParam, rankError, single, unitsParam, USE_BIAS } from '../common.js';
import { defineKind } from '../define.js';
import { failure } from '../messages.js';

export const Conv2D = defineKind({
  kind: 'Conv2D',
  group: 'convolution',
  label: 'Conv2D',
  description: 'Slides learned k×k filters over an image [height, width, channels]; one output channel per filter.',
  params: [
    unitsParam('filters', 32, 'Filters', 'Number of filters (output channels).'),
    { name: 'kernelSize', type: 'int', default: 3, min: 1, max: 64, label: 'Kernel size', description: 'Filter height and width.' },
    { name: 'strides', type: 'int', default: 1, min: 1, max: 64, label: 'Strides', description: 'Step between filter positions.' },
    paddingParam('valid'),
    activationParam('linear'),
    USE_BIAS,
  ],
  infer(inputs, p) {
    const x = single(inputs);
    const err = rankError(x, 3, 'image', 'image-input');
    if (err) return err;
    const [h, w, c] = x!;
    const oh = windowOut(h, p.kernelSize, p.strides, p.padding);
    const ow = windowOut(w, p.kernelSize, p.strides, p.padding);
    if ((oh !== null && oh < 1) || (ow !== null && ow < 1)) {
      return failure('infer.conv2d-small', { got: formatShape(x!), kernel: p.kernelSize });
    }
    void c;
    return { outputs: { out: [oh, ow, p.filters] } };
  },
  countParams(inputs, p) {
    const c = single(inputs)![2] ?? 0;
    return p.kernelSize * p.kernelSize * c * p.filters + (p.useBias ? p.filters : 0);
  },
  countMacs(inputs, p) {
    const [h, w, c] = single(inputs)!;
    const oh = windowOut(h, p.kernelSize, p.strides, p.padding) ?? 1;
    const ow = windowOut(w, p.kernelSize, p.strides, p.padding) ?? 1;
    return oh * ow * p.filters * p.kernelSize * p.kernelSize * (c ?? 0);
  },
  keras: (p) => ({
    call: 'layers.Conv2D',
    kwargs: { filters: p.filters, kernel_size: p.kernelSize, strides: p.strides, padding: p.padding, activation: pyActivation(p.activation), use_bias: p.useBias },
  }),
});
