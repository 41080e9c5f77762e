// Conv2D for one input channel (the first layer of a model on grey images), Conv2D without padding
// (implicit im2col, simd/kernels.c conv2d_valid) and the bias add: SIMD kernels where the backend is slow.
//
// XNNPACK's convolution with a single input channel runs at about 8 GFLOP/s here against 20 for
// wider layers (MultiLeNet's conv1: 9 ms a step); the direct kernel (simd/kernels.c conv2d_c1)
// keeps four output channels per register and takes it to about 4 ms. Padded convolutions with more
// channels, dilations and NCHW go to the backend's own Conv2D.
import * as tf from '@tensorflow/tfjs-core';
import { Scratch, wasmKernel, heapF32, type Backend, type TensorInfo } from './wasm-util.js';
import { ptr, simdKernels, type SimdKernels } from './simd.js';

/** The filter [fh, fw, 1, co] as [fh·fw, co4], zero-padded to a multiple of 4 channels. */
export function padFilter(s: Scratch, backend: Backend, filter: TensorInfo): TensorInfo {
  const [fh, fw, , co] = filter.shape;
  const co4 = (co + 3) & ~3;
  const wp = s.make([fh * fw, co4]);
  const src = heapF32(backend, filter);
  const dst = heapF32(backend, wp);
  dst.fill(0);
  for (let t = 0; t < fh * fw; t++) dst.set(src.subarray(t * co, t * co + co), t * co4);
  return wp;
}

/**
 * The one-input-channel convolution into out (wp from padFilter, bias 0 or co4 long): pixels in the lanes
 * (conv2d_c1_px) where nothing is padded and the stride is 1, else channels in the lanes (conv2d_c1).
 */
export function conv2dC1(s: Scratch, backend: Backend, simd: SimdKernels, info: tf.backend_util.Conv2DInfo, x: TensorInfo,
  wp: TensorInfo, bias: number, out: TensorInfo): void {
  const pad = info.padInfo;
  if (info.strideHeight === 1 && info.strideWidth === 1 && !pad.top && !pad.bottom && !pad.left && !pad.right) {
    const ws = s.make([Math.ceil(info.outChannels / 5) * info.filterHeight * info.filterWidth * 20]);
    simd.conv2d_c1_px(ptr(backend, x), ptr(backend, wp), bias, ptr(backend, ws), ptr(backend, out), info.batchSize,
      info.inHeight, info.inWidth, info.outChannels, info.outHeight, info.outWidth, info.filterHeight, info.filterWidth);
    return;
  }
  simd.conv2d_c1(ptr(backend, x), ptr(backend, wp), bias, ptr(backend, out), info.batchSize, info.inHeight, info.inWidth,
    info.outChannels, info.outHeight, info.outWidth, info.strideHeight, info.strideWidth, info.filterHeight, info.filterWidth,
    pad.top, pad.left);
}

export function conv2DWasm(args: {
  inputs: { x: TensorInfo; filter: TensorInfo };
  backend: Backend;
  attrs: { strides: number | [number, number]; pad: any; dataFormat: 'NHWC' | 'NCHW'; dilations: number | [number, number]; dimRoundingMode?: any };
}): TensorInfo {
  const { backend, attrs } = args;
  const { x, filter } = args.inputs;
  const simd = (attrs.dataFormat ?? 'NHWC') === 'NHWC' && x.dtype === 'float32' && filter.dtype === 'float32'
    && tf.backend_util.tupleValuesAreOne(attrs.dilations ?? 1) ? simdKernels(backend) : null;
  if (!simd) return wasmKernel('Conv2D')(args as any);
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number], attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast');
  const pad = info.padInfo;
  if (x.shape[3] !== 1) {
    // More channels: the implicit-im2col kernel where nothing is padded and the filter stays in cache
    // (MultiLeNet's conv2, CPU ms: XNNPACK 5.3, plain SIMD 4.1, relaxed 3.5; NOTES item 29); padded
    // convolutions and large filters stay on XNNPACK.
    const cached = tf.util.sizeFromShape(filter.shape) <= 65_536;
    if (!cached || pad.top || pad.bottom || pad.left || pad.right || tf.util.sizeFromShape(info.outShape) === 0) return wasmKernel('Conv2D')(args as any);
    const out = backend.makeOutput(info.outShape, 'float32') as TensorInfo;
    simd.conv2d_valid(ptr(backend, x), ptr(backend, filter), ptr(backend, out), info.batchSize, info.inHeight, info.inWidth,
      info.inChannels, info.outChannels, info.outHeight, info.outWidth, info.strideHeight, info.strideWidth,
      info.filterHeight, info.filterWidth);
    return out;
  }
  const s = new Scratch(backend);
  try {
    const wp = padFilter(s, backend, filter);
    const out = backend.makeOutput(info.outShape, 'float32') as TensorInfo;
    conv2dC1(s, backend, simd, info, x, wp, 0, out);
    return out;
  } finally {
    s.dispose();
  }
}

/** Add where b is a vector along a's last axis (a bias): one SIMD pass; anything else to the backend. */
export function addWasm(args: { inputs: { a: TensorInfo; b: TensorInfo }; backend: Backend }): TensorInfo {
  const { backend } = args;
  let { a, b } = args.inputs;
  if (a.shape.length === 1 && b.shape.length > 1) [a, b] = [b, a];
  const cols = a.shape[a.shape.length - 1];
  const ok = a.dtype === 'float32' && b.dtype === 'float32' && a.shape.length >= 2 && b.shape.length === 1 && b.shape[0] === cols && cols > 0;
  const simd = ok ? simdKernels(backend) : null;
  if (!simd) return wasmKernel('Add')(args as any);
  const out = backend.makeOutput(a.shape, 'float32') as TensorInfo;
  const rows = tf.util.sizeFromShape(a.shape) / cols;
  if (rows > 0) simd.add_bias(ptr(backend, a), ptr(backend, b), ptr(backend, out), rows, cols);
  return out;
}
