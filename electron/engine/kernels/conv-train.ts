// A conv layer (conv2d + bias, then relu or nothing) as one kernel with its own gradient, while training.
//
// tf.layers' Conv2D calls tf.fused.conv2d; while gradients are recorded, unfused-training.ts runs it as
// conv2d, add and the activation so the tape can prune gradients nothing needs (the fused op's gradient
// computes all of them, the images' gradient of a first layer included). That is two or three tape nodes,
// a bias add that reads and writes the whole output once more (MultiLeNet's conv1: [256,24,24,10], 0.5–0.8 ms),
// and a bias gradient that reads the whole output gradient once more (another 0.6–0.7 ms). Here it is one node:
//
//   MtlConv2D(x, filter, bias) = act(conv2d(x, filter) + bias)      NHWC, dilation 1
//   gradient: dz = dy (linear) or MtlActGrad(dy, y) (relu); then filter and bias from one
//   MtlConv2DBackpropFilterBias(x, dz) call (on wasm the bias gradient comes from the filter gradient's list of
//   dz's non-zeros, NOTES item 39), and x: Conv2DBackpropInput(dz) — x in a closure of its own, so the tape
//   still skips the images' gradient of a first layer.
//
// On wasm the bias is added inside the convolution (its accumulators start from it: conv2d_c1, conv2d_valid_bias);
// on cpu the backend's own kernels run in a row; elsewhere the unfused ops run as before.
import * as tf from '@tensorflow/tfjs-core';
import { conv2DWasm, addWasm, conv2dC1, padFilter } from './conv2d-c1.js';
import { conv2DBackpropFilterBiasWasm } from './conv2d-backprop-filter.js';
import { ACT_GRAD, registerDenseTrainKernels } from './dense-train.js';
import { ptr, simdKernels } from './simd.js';
import { Scratch, heapF32, wasmKernel, type Backend } from './wasm-util.js';

export const CONV = 'MtlConv2D';
export const FILTER_BIAS_GRAD = 'MtlConv2DBackpropFilterBias';

export type ConvActivation = 'linear' | 'relu';

type Info = tf.TensorInfo;
interface Args { inputs: Record<string, Info>; backend: any; attrs: Record<string, unknown> }
interface ConvAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  activation: ConvActivation;
}

function call(backendName: string, name: string, backend: any, inputs: Record<string, Info>, attrs: Record<string, unknown> = {}): Info {
  return (tf.getKernel(name, backendName)!.kernelFunc as any)({ inputs, backend, attrs }) as Info;
}

function convAttrs(a: ConvAttrs) {
  return { strides: a.strides, pad: a.pad, dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: a.dimRoundingMode };
}

/** Convolution, bias, activation with the backend's kernels, intermediates freed. */
function convComposed(backendName: string, { inputs, backend, attrs }: Args): Info {
  const a = attrs as unknown as ConvAttrs;
  const y = call(backendName, 'Conv2D', backend, { x: inputs.x, filter: inputs.filter }, convAttrs(a));
  const sum = call(backendName, 'Add', backend, { a: y, b: inputs.bias });
  backend.disposeData(y.dataId);
  if (a.activation !== 'relu') return sum;
  const out = call(backendName, 'Relu', backend, { x: sum });
  backend.disposeData(sum.dataId);
  return out;
}

function convWasm(args: Args): Info {
  const { inputs, attrs } = args;
  const backend = args.backend as Backend;
  const a = attrs as unknown as ConvAttrs;
  const { x, filter, bias } = inputs;
  const simd = simdKernels(backend);
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number], a.strides, 1, a.pad, a.dimRoundingMode, false, 'channelsLast');
  const pad = info.padInfo;
  const valid = !pad.top && !pad.bottom && !pad.left && !pad.right;
  const empty = tf.util.sizeFromShape(info.outShape) === 0;
  let out: Info;
  if (simd && !empty && info.inChannels === 1) {
    // One input channel: the direct kernel, its accumulators starting from the bias (padded to co4 like the filter).
    const s = new Scratch(backend);
    try {
      const co = info.outChannels;
      const co4 = (co + 3) & ~3;
      const wp = padFilter(s, backend, filter);
      const bp = s.make([co4]);
      const bv = heapF32(backend, bp);
      bv.fill(0);
      bv.set(heapF32(backend, bias));
      out = backend.makeOutput(info.outShape, 'float32') as Info;
      conv2dC1(s, backend, simd, info, x, wp, ptr(backend, bp), out);
    } finally {
      s.dispose();
    }
  } else if (simd && !empty && valid && tf.util.sizeFromShape(filter.shape) <= 65_536) {
    // No padding, the filter in cache: the implicit-im2col kernel, accumulators starting from the bias.
    out = backend.makeOutput(info.outShape, 'float32') as Info;
    simd.conv2d_valid_bias(ptr(backend, x), ptr(backend, filter), ptr(backend, bias), ptr(backend, out), info.batchSize,
      info.inHeight, info.inWidth, info.inChannels, info.outChannels, info.outHeight, info.outWidth, info.strideHeight,
      info.strideWidth, info.filterHeight, info.filterWidth);
  } else {
    const y = conv2DWasm({ inputs: { x, filter }, backend, attrs: convAttrs(a) as any });
    out = addWasm({ inputs: { a: y, b: bias }, backend });
    backend.disposeData(y.dataId);
  }
  if (a.activation !== 'relu') return out;
  const r = wasmKernel('Relu')({ inputs: { x: out }, backend });
  backend.disposeData(out.dataId);
  return r;
}

function filterBiasGradCpu({ inputs, backend, attrs }: Args): Info[] {
  const dW = call('cpu', 'Conv2DBackpropFilter', backend, { x: inputs.x, dy: inputs.dy }, attrs);
  const db = call('cpu', 'Sum', backend, { x: inputs.dy }, { axis: [0, 1, 2], keepDims: false });
  return [dW, db];
}

const BACKENDS = ['wasm', 'cpu'];
let registered = false;

/** Registers the conv-layer kernels for wasm and cpu and their gradient (idempotent). */
export function registerConvTrainKernels(): void {
  if (registered) return;
  registerDenseTrainKernels(); // MtlActGrad (relu's gradient)
  const kernel = (kernelName: string, backendName: string, f: (args: Args) => Info | Info[]) =>
    tf.registerKernel({ kernelName, backendName, kernelFunc: f as unknown as tf.KernelFunc });
  kernel(CONV, 'wasm', convWasm);
  kernel(CONV, 'cpu', (args) => convComposed('cpu', args));
  kernel(FILTER_BIAS_GRAD, 'wasm', (args) => conv2DBackpropFilterBiasWasm(args as any));
  kernel(FILTER_BIAS_GRAD, 'cpu', filterBiasGradCpu);
  tf.registerGradient({
    kernelName: CONV,
    inputsToSave: ['x', 'filter'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, filter, y] = saved;
      const a = attrs as unknown as ConvAttrs;
      const g = dy as tf.Tensor;
      // Computed here, not in closures (the tape runs each closure in its own tidy): dz, and the filter and bias
      // gradients from one call. Whatever the tape does not take is freed with the rest of the backward pass.
      const dz = a.activation === 'relu' ? (tf.engine().runKernel(ACT_GRAD, { dy: g, y }, { activation: 'relu' }) as tf.Tensor) : g;
      const [dW, db] = tf.engine().runKernel(FILTER_BIAS_GRAD, { x, dy: dz }, {
        strides: a.strides, pad: a.pad, dataFormat: 'NHWC', dimRoundingMode: a.dimRoundingMode, filterShape: filter.shape,
      } as unknown as tf.NamedAttrMap) as tf.Tensor[];
      return {
        x: () => tf.engine().runKernel('Conv2DBackpropInput', { dy: dz, filter }, {
          strides: a.strides, pad: a.pad, dataFormat: 'NHWC', dimRoundingMode: a.dimRoundingMode, inputShape: x.shape,
        } as unknown as tf.NamedAttrMap) as tf.Tensor,
        filter: () => dW,
        bias: () => db,
      };
    },
  });
  registered = true;
}

type FusedConvArgs = Parameters<typeof tf.fused.conv2d>[0];

function one(v: number | [number, number] | undefined): boolean {
  return v == null || (typeof v === 'number' ? v === 1 : v[0] === 1 && v[1] === 1);
}

/**
 * tf.fused.conv2d's arguments as one MtlConv2D call where it applies (the backend has the kernel; a 4-D float32
 * NHWC input, dilation 1, a bias of co values, a linear or relu activation, no prelu), else null.
 */
export function convTrain(args: FusedConvArgs): tf.Tensor4D | null {
  if (!BACKENDS.includes(tf.getBackend())) return null;
  const { x, filter, bias } = args;
  const act = args.activation ?? 'linear';
  if ((act !== 'linear' && act !== 'relu') || args.preluActivationWeights != null || bias == null) return null;
  if ((args.dataFormat ?? 'NHWC') !== 'NHWC' || !one(args.dilations as number | [number, number] | undefined)) return null;
  if (!(x instanceof tf.Tensor) || !(filter instanceof tf.Tensor) || !(bias instanceof tf.Tensor)) return null;
  if (x.rank !== 4 || filter.rank !== 4 || bias.rank !== 1 || x.dtype !== 'float32' || filter.dtype !== 'float32' || bias.dtype !== 'float32') return null;
  if (x.shape[3] !== filter.shape[2] || bias.shape[0] !== filter.shape[3]) return null;
  registerConvTrainKernels();
  return tf.engine().runKernel(CONV, { x, filter, bias }, {
    strides: args.strides, pad: args.pad, dimRoundingMode: args.dimRoundingMode, activation: act,
  } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
}
